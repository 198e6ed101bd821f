package io.beadhub.beads;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** A validated beads record: the full JSON plus the typed values the columns hold (spec 40 §1.3–1.5). */
public record IssueRecord(
    int line,
    String beadId,
    String title,
    String description,
    String status,
    int priority,
    String issueType,
    String assignee,
    String owner,
    String createdBy,
    String sender,
    String closeReason,
    String externalRef,
    Instant createdAt,
    Instant updatedAt,
    Instant closedAt,
    Instant startedAt,
    Instant dueAt,
    Instant deferUntil,
    boolean pinned,
    boolean ephemeral,
    boolean isTemplate,
    String molType,
    String wispType,
    String hookBead,
    String agentState,
    String roleType,
    boolean isMail,
    String attachedMolecule,
    List<String> labels,
    List<DepEdge> deps,
    ObjectNode raw,
    String contentHash,
    String rawText) {

  public boolean tombstone() {
    return "tombstone".equals(status);
  }

  /**
   * The record as JSON text for the jsonb column: the line it was read from, which jsonb reads to the
   * same value as {@code raw.toString()} without serialising 10 MB again. Not when it has a
   * backslash-u escape (a lone surrogate the tree turned into '?' would be an error in jsonb) or does
   * not start and end as the object (a byte-order mark).
   */
  public String rawJson() {
    if (rawText != null && !rawText.isEmpty() && rawText.charAt(0) == '{'
        && rawText.charAt(rawText.length() - 1) == '}' && rawText.indexOf("\\u") < 0) {
      return rawText;
    }
    return raw.toString();
  }

  /** One dependency edge as stored (spec 40 §1.5, §9.4). */
  public record DepEdge(int ordinal, String origin, String type, String targetRaw, String refKind, String refRepo,
                        String refBranch, String refBead, String metadata, String threadId, Instant createdAt,
                        String createdBy) {
  }
}
