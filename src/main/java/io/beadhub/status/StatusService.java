package io.beadhub.status;

import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Times;
import io.beadhub.db.Database;
import io.beadhub.presence.Presence;
import io.beadhub.presence.PresenceRecord;
import io.beadhub.workspaces.WorkspaceAccess;
import io.beadhub.workspaces.WorkspaceFilter;
import io.beadhub.workspaces.WorkspaceListingStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /v1/status} (spec 30 §6.1): no cache, one statement, one presence read; and the fixed
 * workspace set a status stream follows (§6.2).
 */
public record StatusService(Database db, Presence presence, Clock clock) {
  /** The stream's filters: at most one of workspace, repo (canonical origin) and human name is used. */
  public record StreamFilter(UUID workspaceId, String repo, String humanName, int limit) {
  }

  public StatusSnapshot snapshot(Caller c, UUID workspaceId, UUID repoId) {
    UUID project = c.projectId();
    StatusStore.Scope scope = workspaceId != null ? StatusStore.Scope.WORKSPACE
        : repoId != null ? StatusStore.Scope.REPO : StatusStore.Scope.PROJECT;
    Instant now = clock.instant();
    StatusStore.Snapshot s = db.jdbc(conn -> StatusStore.read(conn, scope, project,
        workspaceId != null ? workspaceId : repoId, !c.publicReader(), now));
    if (scope == StatusStore.Scope.WORKSPACE && s.workspaces().isEmpty()) {
      throw ApiError.notFound(WorkspaceAccess.NOT_FOUND);
    }
    List<PresenceRecord> live = s.workspaces().isEmpty() ? List.of()
        : presence.getMany(s.workspaces().stream().map(UUID::toString).toList());
    int count = s.workspaces().size();
    StatusSnapshot.Header header = switch (scope) {
      case WORKSPACE -> new StatusSnapshot.WorkspaceHeader(workspaceId, project, s.slug());
      case REPO -> new StatusSnapshot.RepoHeader(repoId, count, project, s.slug());
      case PROJECT -> new StatusSnapshot.ProjectHeader(project, s.slug(), count);
    };
    return new StatusSnapshot(header, agents(c, project.toString(), live, s.claims()), claims(project, s.claims()),
        conflicts(s.claims()), s.pendingEscalations(), Times.isoOffset(now));
  }

  /** One entry per live presence record of the set, in set order; {@code current_issue} = newest claim. */
  private static List<StatusSnapshot.Agent> agents(Caller c, String project, List<PresenceRecord> live,
                                                   List<StatusStore.Claim> claims) {
    Map<String, String> currentIssue = new HashMap<>();
    for (StatusStore.Claim cl : claims) {
      currentIssue.putIfAbsent(cl.workspaceId().toString(), cl.beadId());
    }
    List<StatusSnapshot.Agent> out = new ArrayList<>(live.size());
    for (PresenceRecord p : live) {
      if (project.equals(p.projectId())) {
        out.add(new StatusSnapshot.Agent(p.workspaceId(), nullIfEmpty(p.alias()),
            c.publicReader() ? null : nullIfEmpty(p.memberEmail()), nullIfEmpty(p.humanName()),
            nullIfEmpty(p.program()), nullIfEmpty(p.role()),
            p.status() == null || p.status().isEmpty() ? "unknown" : p.status(), nullIfEmpty(p.currentBranch()),
            nullIfEmpty(p.canonicalOrigin()), nullIfEmpty(p.timezone()), currentIssue.get(p.workspaceId()),
            p.lastSeen()));
      }
    }
    return out;
  }

  private static List<StatusSnapshot.Claim> claims(UUID project, List<StatusStore.Claim> claims) {
    return claims.stream().map(cl -> new StatusSnapshot.Claim(cl.beadId(), cl.workspaceId(), cl.alias(),
        cl.humanName(), Times.isoOffset(cl.claimedAt()), cl.claimantCount(), cl.title(), project)).toList();
  }

  /** One conflict per (repo, bead) claimed more than once, in order of first appearance. */
  private static List<StatusSnapshot.Conflict> conflicts(List<StatusStore.Claim> claims) {
    Map<String, List<StatusStore.Claim>> byBead = new LinkedHashMap<>();
    for (StatusStore.Claim cl : claims) {
      if (cl.claimantCount() > 1) {
        byBead.computeIfAbsent(cl.repo() + "\u0000" + cl.beadId(), k -> new ArrayList<>()).add(cl);
      }
    }
    return byBead.values().stream().map(who -> new StatusSnapshot.Conflict(who.get(0).beadId(), who.stream()
        .map(cl -> new StatusSnapshot.Claimant(cl.alias(), cl.humanName(), cl.workspaceId())).toList())).toList();
  }

  /** The fixed subscribed set: workspace > repo > human_name > project, newest update first, cut at limit. */
  public List<UUID> streamSet(Caller c, StreamFilter f) {
    return db.read(h -> {
      if (f.workspaceId() != null) {
        if (StatusStore.workspace(h, c.projectId(), f.workspaceId()).isEmpty()) {
          throw ApiError.notFound("Workspace not found");
        }
        return List.of(f.workspaceId());
      }
      WorkspaceFilter live = WorkspaceFilter.live(f.humanName(), f.repo());
      List<UUID> ids = WorkspaceListingStore.list(h, c.projectId(), live, f.limit()).stream()
          .map(r -> r.w().workspaceId()).toList();
      if (ids.isEmpty() && (f.repo() != null || f.humanName() != null)) {
        throw ApiError.notFound("No workspaces found for the provided filter");
      }
      return new ArrayList<>(ids);
    });
  }

  private static String nullIfEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
