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
public record StaleService(Database db, Presence presence, Clock clock) {
  /** The report; a kind not asked for is null. */
  public record StaleReport(String generatedAt, List<StaleClaim> claims, List<StaleHook> hooks) {
  }

  public record StaleClaim(String beadId, String repo, String workspaceId, String alias, String humanName,
                           String claimedAt, long ageSeconds, boolean online, String lastSeen, String beadStatus,
                           List<String> reasons) {
  }

  public record StaleHook(String beadId, String repo, String branch, String title, String assignee, String updatedAt,
                          Long ageSeconds, List<MappedWorkspace> workspaces, List<String> reasons) {
  }

  /** A live workspace the hook's assignee maps to. */
  public record MappedWorkspace(String workspaceId, String alias, boolean online) {
  }

  /** Which kinds to report, their age threshold in seconds ({@code null}: each kind's default) and the cap. */
  public record StaleQuery(boolean claims, boolean hooks, Integer olderThanSeconds, int limit) {
  }

  public StaleReport stale(UUID project, StaleQuery q) {
    Instant now = clock.instant();
    Integer older = q.olderThanSeconds();
    return new StaleReport(Times.isoOffset(now),
        q.claims() ? claims(project, now, older == null ? 14_400 : older, q.limit()) : null,
        q.hooks() ? hooks(project, now, older == null ? 3_600 : older, q.limit()) : null);
  }

  private List<StaleClaim> claims(UUID project, Instant now, int older, int limit) {
    Instant cutoff = now.minusSeconds(older);
    List<StaleStore.ClaimRow> rows = db.read(h -> StaleStore.claims(h, project, now, cutoff));
    Map<String, PresenceRecord> present = present(rows.stream().map(r -> r.workspaceId().toString()).toList());
    List<StaleClaim> out = new ArrayList<>();
    for (StaleStore.ClaimRow r : rows) {
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
      if (!reasons.isEmpty() && out.size() < limit) {
        out.add(new StaleClaim(r.beadId(), r.repo(), r.workspaceId().toString(), r.alias(), r.humanName(),
            Times.isoOffset(r.claimedAt()), Duration.between(r.claimedAt(), now).toSeconds(), p != null,
            Times.isoOffset(lastSeen), r.beadStatus(), reasons));
      }
    }
    return out;
  }

  private List<StaleHook> hooks(UUID project, Instant now, int older, int limit) {
    Instant cutoff = now.minusSeconds(older);
    record Found(List<StaleStore.HookRow> rows, List<DataPlaneStore.Ws> workspaces) {
    }
    Found f = db.read(h -> {
      List<StaleStore.HookRow> rows = StaleStore.hooked(h, project, now);
      Set<String> aliases = new LinkedHashSet<>();
      rows.stream().filter(r -> r.assignee() != null && !r.assignee().isEmpty())
          .forEach(r -> aliases.addAll(Identities.aliasCandidates(r.assignee())));
      return new Found(rows, aliases.isEmpty() ? List.of() : DataPlaneStore.workspacesByAlias(h, project, aliases));
    });
    Map<String, DataPlaneStore.Ws> byAlias = new HashMap<>();
    f.workspaces().forEach(w -> byAlias.put(w.alias(), w));
    Map<String, PresenceRecord> present = present(f.workspaces().stream().map(w -> w.id().toString()).toList());
    List<StaleHook> out = new ArrayList<>();
    for (StaleStore.HookRow r : f.rows()) {
      List<MappedWorkspace> mapped = new ArrayList<>();
      if (r.assignee() != null && !r.assignee().isEmpty()) {
        Set<UUID> seen = new LinkedHashSet<>();
        for (String a : Identities.aliasCandidates(r.assignee())) {
          DataPlaneStore.Ws w = byAlias.get(a);
          if (w != null && seen.add(w.id())) {
            mapped.add(new MappedWorkspace(w.id().toString(), w.alias(), present.containsKey(w.id().toString())));
          }
        }
      }
      List<String> reasons = new ArrayList<>();
      if (!mapped.isEmpty() && mapped.stream().noneMatch(MappedWorkspace::online)) {
        reasons.add("assignee_offline");
      }
      if (mapped.isEmpty() && (r.updatedAt() == null || r.updatedAt().isBefore(cutoff))) {
        reasons.add("no_liveness");
      }
      if (!reasons.isEmpty() && out.size() < limit) {
        out.add(new StaleHook(r.beadId(), r.repo(), r.branch(), r.title(), r.assignee(),
            Times.isoOffset(r.updatedAt()),
            r.updatedAt() == null ? null : Duration.between(r.updatedAt(), now).toSeconds(), mapped, reasons));
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
