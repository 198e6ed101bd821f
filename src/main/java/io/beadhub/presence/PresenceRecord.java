package io.beadhub.presence;

/**
 * One workspace's presence (spec 30 §5.1). The optional fields {@code canonicalOrigin}, {@code role}
 * and {@code timezone} are null when not supplied: a write then keeps their previous values.
 */
public record PresenceRecord(
    String workspaceId,
    String alias,
    String humanName,
    String projectId,
    String projectSlug,
    String repoId,
    String memberEmail,
    String program,
    String model,
    String status,
    String currentBranch,
    String lastSeen,
    String canonicalOrigin,
    String role,
    String timezone) {

  /** This record merged over {@code previous}: optional fields not supplied keep their old values. */
  public PresenceRecord mergedOver(PresenceRecord previous) {
    if (previous == null) {
      return this;
    }
    return new PresenceRecord(workspaceId, alias, humanName, projectId, projectSlug, repoId, memberEmail, program,
        model, status, currentBranch, lastSeen,
        canonicalOrigin != null ? canonicalOrigin : previous.canonicalOrigin,
        role != null ? role : previous.role,
        timezone != null ? timezone : previous.timezone);
  }

  public PresenceRecord withLastSeen(String ts) {
    return new PresenceRecord(workspaceId, alias, humanName, projectId, projectSlug, repoId, memberEmail, program,
        model, status, currentBranch, ts, canonicalOrigin, role, timezone);
  }
}
