package io.beadhub.dataplane;

import io.beadhub.common.Times;
import io.beadhub.db.Database;
import io.beadhub.presence.Presence;
import io.beadhub.presence.PresenceRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code GET /v1/beads/stale} (spec 60 §5.8): old active claims and hooked rows whose holders look
 * gone. Two indexed queries (claims by project and age; hooked rows by project and status) plus one
 * presence read; the server only reports.
 */
public final class StaleService {
  private final Database db;
  private final Presence presence;
  private final Clock clock;

  public StaleService(Database db, Presence presence, Clock clock) {
    this.db = db;
    this.presence = presence;
    this.clock = clock;
  }

  record ClaimRow(String beadId, String repo, UUID workspaceId, String alias, String humanName, Instant claimedAt,
                  Instant wsLastSeen, String beadStatus, boolean removedRow) {
  }

  record HookRow(String beadId, String repo, String branch, String title, String assignee, Instant updatedAt) {
  }

  /** {@code older} null = the default of each kind. */
  public Map<String, Object> stale(UUID project, boolean claims, boolean hooks, Integer older, int limit) {
    Instant now = clock.instant();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("generated_at", Times.isoOffset(now));
    out.put("claims", claims ? claims(project, now, older == null ? 14_400 : older, limit) : null);
    out.put("hooks", hooks ? hooks(project, now, older == null ? 3_600 : older, limit) : null);
    return out;
  }

  private List<Map<String, Object>> claims(UUID project, Instant now, int older, int limit) {
    Instant cutoff = now.minusSeconds(older);
    List<ClaimRow> rows = db.read(h -> h.createQuery("""
            SELECT c.bead_id, c.repo, c.workspace_id, c.alias, c.human_name, c.claimed_at, w.last_seen_at,
                   (SELECT i.status FROM beads.issues i
                     WHERE i.project_id = c.project_id AND i.repo = c.repo AND i.bead_id = c.bead_id
                       AND i.deleted_at IS NULL AND (i.expires_at IS NULL OR i.expires_at > :now)
                     ORDER BY (i.branch = 'main') DESC, i.synced_at DESC LIMIT 1) AS bead_status,
                   EXISTS (SELECT 1 FROM beads.issues i
                     WHERE i.project_id = c.project_id AND i.repo = c.repo AND i.bead_id = c.bead_id) AS any_row
              FROM server.bead_claims c JOIN server.workspaces w ON w.workspace_id = c.workspace_id
             WHERE c.project_id = :p AND c.state = 'active' AND c.claimed_at <= :cutoff
             ORDER BY c.claimed_at, c.id
            """).bind("p", project).bind("now", DataPlaneStore.odt(now)).bind("cutoff", DataPlaneStore.odt(cutoff))
        .map((rs, c) -> new ClaimRow(rs.getString("bead_id"), rs.getString("repo"),
            rs.getObject("workspace_id", UUID.class), rs.getString("alias"), rs.getString("human_name"),
            DataPlaneStore.inst(rs, "claimed_at"), DataPlaneStore.inst(rs, "last_seen_at"),
            rs.getString("bead_status"), rs.getBoolean("any_row"))).list());
    Map<String, PresenceRecord> present = present(rows.stream().map(r -> r.workspaceId().toString()).toList());
    List<Map<String, Object>> out = new ArrayList<>();
    for (ClaimRow r : rows) {
      PresenceRecord p = present.get(r.workspaceId().toString());
      Instant lastSeen = p != null && p.lastSeen() != null ? OffsetDateTime.parse(p.lastSeen()).toInstant()
          : r.wsLastSeen();
      List<String> reasons = new ArrayList<>();
      if (p == null) {
        reasons.add("workspace_offline");
      }
      if (lastSeen == null || lastSeen.isBefore(cutoff)) {
        reasons.add("workspace_idle");
      }
      if ("closed".equals(r.beadStatus())) {
        reasons.add("bead_closed");
      }
      if (r.beadStatus() == null && r.removedRow()) {
        reasons.add("bead_removed");
      }
      if (r.beadStatus() == null && !r.removedRow() && !r.repo().isEmpty()) {
        reasons.add("bead_missing");
      }
      if (reasons.isEmpty()) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("bead_id", r.beadId());
      m.put("repo", r.repo());
      m.put("workspace_id", r.workspaceId().toString());
      m.put("alias", r.alias());
      m.put("human_name", r.humanName());
      m.put("claimed_at", Times.isoOffset(r.claimedAt()));
      m.put("age_seconds", Duration.between(r.claimedAt(), now).toSeconds());
      m.put("online", p != null);
      m.put("last_seen", Times.isoOffset(lastSeen));
      m.put("bead_status", r.beadStatus());
      m.put("reasons", reasons);
      out.add(m);
      if (out.size() == limit) {
        break;
      }
    }
    return out;
  }

  private List<Map<String, Object>> hooks(UUID project, Instant now, int older, int limit) {
    Instant cutoff = now.minusSeconds(older);
    record Found(List<HookRow> rows, List<Workspaces.Ws> workspaces) {
    }
    Found f = db.read(h -> {
      List<HookRow> rows = h.createQuery("""
              SELECT i.bead_id, i.repo, i.branch, i.title, i.assignee, i.updated_at FROM beads.issues i
               WHERE i.project_id = :p AND i.status = 'hooked' AND i.deleted_at IS NULL
                 AND (i.expires_at IS NULL OR i.expires_at > :now)
               ORDER BY i.updated_at NULLS FIRST, i.repo, i.branch, i.bead_id
              """).bind("p", project).bind("now", DataPlaneStore.odt(now))
          .map((rs, c) -> new HookRow(rs.getString("bead_id"), rs.getString("repo"), rs.getString("branch"),
              rs.getString("title"), rs.getString("assignee"), DataPlaneStore.inst(rs, "updated_at"))).list();
      Set<String> aliases = new LinkedHashSet<>();
      rows.stream().filter(r -> r.assignee() != null && !r.assignee().isEmpty())
          .forEach(r -> aliases.addAll(Identities.aliasCandidates(r.assignee())));
      return new Found(rows, aliases.isEmpty() ? List.of() : Workspaces.byAliases(h, project, aliases));
    });
    Map<String, Workspaces.Ws> byAlias = new HashMap<>();
    f.workspaces().forEach(w -> byAlias.put(w.alias(), w));
    Map<String, PresenceRecord> present = present(f.workspaces().stream().map(w -> w.id().toString()).toList());
    List<Map<String, Object>> out = new ArrayList<>();
    for (HookRow r : f.rows()) {
      List<Map<String, Object>> mapped = new ArrayList<>();
      boolean anyOnline = false;
      if (r.assignee() != null && !r.assignee().isEmpty()) {
        Set<UUID> seen = new LinkedHashSet<>();
        for (String a : Identities.aliasCandidates(r.assignee())) {
          Workspaces.Ws w = byAlias.get(a);
          if (w != null && seen.add(w.id())) {
            boolean online = present.containsKey(w.id().toString());
            anyOnline |= online;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("workspace_id", w.id().toString());
            m.put("alias", w.alias());
            m.put("online", online);
            mapped.add(m);
          }
        }
      }
      List<String> reasons = new ArrayList<>();
      if (!mapped.isEmpty() && !anyOnline) {
        reasons.add("assignee_offline");
      }
      if (mapped.isEmpty() && (r.updatedAt() == null || r.updatedAt().isBefore(cutoff))) {
        reasons.add("no_liveness");
      }
      if (reasons.isEmpty()) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("bead_id", r.beadId());
      m.put("repo", r.repo());
      m.put("branch", r.branch());
      m.put("title", r.title());
      m.put("assignee", r.assignee());
      m.put("updated_at", Times.isoOffset(r.updatedAt()));
      m.put("age_seconds", r.updatedAt() == null ? null : Duration.between(r.updatedAt(), now).toSeconds());
      m.put("workspaces", mapped);
      m.put("reasons", reasons);
      out.add(m);
      if (out.size() == limit) {
        break;
      }
    }
    return out;
  }

  private Map<String, PresenceRecord> present(List<String> ids) {
    Map<String, PresenceRecord> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    for (PresenceRecord p : presence.getMany(new LinkedHashSet<>(ids))) {
      out.put(p.workspaceId(), p);
    }
    return out;
  }
}
