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
    String rawText,
    String stateKey) {

  /** This record read from another line. */
  public IssueRecord withLine(int at) {
    return at == line ? this : copy(at, raw);
  }

  /**
   * This record without its JSON tree, when its line serves as its JSON text ({@link #rawJson}); null when
   * the tree is still needed.
   */
  IssueRecord withoutTree() {
    return lineIsJson() ? copy(line, null) : null;
  }

  private IssueRecord copy(int at, ObjectNode tree) {
    return new IssueRecord(at, beadId, title, description, status, priority, issueType, assignee, owner, createdBy,
        sender, closeReason, externalRef, createdAt, updatedAt, closedAt, startedAt, dueAt, deferUntil, pinned,
        ephemeral, isTemplate, molType, wispType, hookBead, agentState, roleType, isMail, attachedMolecule, labels,
        deps, tree, contentHash, rawText, stateKey);
  }

  private boolean lineIsJson() {
    return rawText != null && !rawText.isEmpty() && rawText.charAt(0) == '{'
        && rawText.charAt(rawText.length() - 1) == '}' && rawText.indexOf("\\u") < 0;
  }

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
    if (lineIsJson()) {
      return rawText;
    }
    return raw.toString();
  }

  /**
   * The {@code stateKey}: a digest (hex) of what the blocked-state rules (spec 60 §4) read of this
   * record: status, type, labels, flags, deferral and every edge. Rows whose key a write keeps cannot change any state.
   */
  static String stateKeyOf(String status, String issueType, boolean pinned, boolean ephemeral, boolean isTemplate,
                           boolean isMail, Instant deferUntil, List<String> labels, List<DepEdge> deps) {
    StringBuilder b = new StringBuilder(96 + 64 * deps.size());
    b.append(status).append('\0').append(issueType).append('\0').append(pinned).append(ephemeral)
        .append(isTemplate).append(isMail).append('\0').append(deferUntil).append('\0');
    for (String l : labels) {
      b.append(l).append('\1');
    }
    for (DepEdge e : deps) {
      b.append('\0').append(e.ordinal()).append('\1').append(e.origin()).append('\1').append(e.type()).append('\1')
          .append(e.targetRaw()).append('\1').append(e.refKind()).append('\1').append(e.refRepo()).append('\1')
          .append(e.refBranch()).append('\1').append(e.refBead()).append('\1').append(e.metadata());
    }
    return ContentHash.sha256Hex(b.toString()).substring(0, 32);
  }

  /** One dependency edge as stored (spec 40 §1.5, §9.4). */
  public record DepEdge(int ordinal, String origin, String type, String targetRaw, String refKind, String refRepo,
                        String refBranch, String refBead, String metadata, String threadId, Instant createdAt,
                        String createdBy) {
  }
}
