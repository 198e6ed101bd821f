package io.beadhub.dataplane;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The responses of the data-plane views (spec 60 §5). The stored state's JSON ({@code blocked_reasons},
 * {@code blocked_by}) passes through as stored.
 */
public final class DataPlaneViews {
  private DataPlaneViews() {
  }

  /** A row as most views list it (spec 60 §5.5.2). */
  public record Summary(String beadId, String repo, String branch, String title, String status, int priority,
                        String type, String assignee, List<String> labels, String createdAt, String updatedAt,
                        boolean ephemeral, boolean blocked) {
  }

  /** A blocked step of a molecule: the summary and why it is blocked. */
  public record BlockedStep(@JsonUnwrapped Summary summary, JsonNode blockedReasons) {
  }

  /** The child counts of a molecule (§5.5.2). */
  public record Counts(int total, int done, int inProgress, int ready, int blocked, int other, int percent) {
    static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0);
  }

  /** The progress object of §5.5.2. */
  public record Progress(String moleculeId, String repo, String branch, String title, String status,
                         @JsonUnwrapped Counts counts, boolean complete, boolean eligibleForClose,
                         Summary currentStep, Summary nextReadyStep, List<Summary> readySteps,
                         List<BlockedStep> blockedSteps, String firstClosed, String lastClosed) {
  }

  /** A node of the molecule tree (§5.5.1); {@code progress} null for a leaf. */
  public record TreeNode(String beadId, String repo, String branch, String title, String status, String type,
                         String assignee, int priority, boolean blocked, JsonNode blockedReasons, boolean ready,
                         boolean cycle, Counts progress, List<TreeNode> children) {
  }

  public record Tree(TreeNode root, int nodeCount, boolean truncated) {
  }

  /** A mail bead as a message (§5.2). */
  public record MailItem(String beadId, String repo, String branch, String subject, String body, String from,
                         String to, List<String> cc, String threadId, String replyTo, String msgType, int priority,
                         String status, boolean read, boolean hooked, boolean ephemeral, String createdAt,
                         String updatedAt, List<String> labels) {
  }

  public record Inbox(String agent, List<String> identities, List<MailItem> messages, int count, int unreadCount,
                      boolean hasMore, String nextCursor) {
  }

  public record Sent(String agent, List<String> identities, List<MailItem> messages, int count, boolean hasMore,
                     String nextCursor) {
  }

  /** A message of a thread, with its depth in the reply chain. */
  public record ThreadItem(@JsonUnwrapped MailItem message, int depth) {
  }

  public record Thread(String threadId, List<ThreadItem> messages, int count) {
  }

  /** A blocked row (§5.7). */
  public record BlockedItem(@JsonUnwrapped Summary summary, JsonNode blockedReasons, JsonNode blockedBy) {
  }

  public record BlockedList(List<BlockedItem> issues, int count, boolean hasMore, String nextCursor) {
  }

  /** A repo of the project with its id prefix (§5.9). */
  public record RepoRoute(String repo, String name, String idPrefix, long liveCount, String lastSyncAt) {
  }

  public record Routes(List<RepoRoute> repos) {
  }

  /** The hook of an agent (§5.1). */
  public record Hook(String agent, List<String> identities, String source, Summary hook, Attachment attachment,
                     Progress molecule, String nextAction, Summary nextStep, List<MailItem> hookedMail,
                     List<Summary> candidates, List<String> anomalies) {
  }
}
