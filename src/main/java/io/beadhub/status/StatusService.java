package io.beadhub.status;

import io.beadhub.auth.Caller;
import io.beadhub.auth.WorkspaceAccess;
import io.beadhub.claims.BeadTitles;
import io.beadhub.common.Times;
import io.beadhub.db.Database;
import io.beadhub.http.ApiError;
import io.beadhub.presence.Presence;
import io.beadhub.presence.PresenceRecord;
import io.beadhub.workspaces.WorkspaceClaims;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code GET /v1/status} (spec 30 §6.1): no cache, no per-agent queries. */
public final class StatusService {
  private final Database db;
  private final Presence presence;
  private final BeadTitles titles;
  private final Clock clock;

  public StatusService(Database db, Presence presence, BeadTitles titles, Clock clock) {
    this.db = db;
    this.presence = presence;
    this.titles = titles;
    this.clock = clock;
  }

  public Map<String, Object> snapshot(Caller c, UUID workspaceId, UUID repoId) {
    UUID project = c.projectId();
    record Read(String slug, List<StatusStore.Ws> set, List<WorkspaceClaims.Claim> claims,
                Map<BeadTitles.Ref, BeadTitles.TitleType> titles, int escalations) {
    }
    Read r = db.read(h -> {
      StatusStore.Header header = StatusStore.header(h, project, !c.publicReader());
      List<StatusStore.Ws> set;
      if (workspaceId != null) {
        set = StatusStore.workspace(h, project, workspaceId);
        if (set.isEmpty()) {
          throw ApiError.notFound(WorkspaceAccess.NOT_FOUND);
        }
      } else {
        set = StatusStore.workspaces(h, project, repoId);
      }
      List<WorkspaceClaims.Claim> claims = WorkspaceClaims.forWorkspaces(h, project,
          set.stream().map(StatusStore.Ws::workspaceId).toList());
      Map<BeadTitles.Ref, BeadTitles.TitleType> tt = claims.isEmpty() ? Map.of()
          : titles.resolve(h, project, claims.stream().map(WorkspaceClaims.Claim::ref).distinct().toList());
      return new Read(header.slug(), set, claims, tt, header.pendingEscalations());
    });

    Map<String, Object> ws = new LinkedHashMap<>();
    if (workspaceId != null) {
      ws.put("workspace_id", workspaceId.toString());
      ws.put("project_id", project.toString());
      ws.put("project_slug", r.slug());
    } else if (repoId != null) {
      ws.put("repo_id", repoId.toString());
      ws.put("workspace_count", r.set().size());
      ws.put("project_id", project.toString());
      ws.put("project_slug", r.slug());
    } else {
      ws.put("project_id", project.toString());
      ws.put("project_slug", r.slug());
      ws.put("workspace_count", r.set().size());
    }

    Map<UUID, String> currentIssue = new HashMap<>();
    for (WorkspaceClaims.Claim cl : r.claims()) {
      currentIssue.putIfAbsent(cl.workspaceId(), cl.beadId());
    }
    List<PresenceRecord> live = r.set().isEmpty() ? List.of()
        : presence.getMany(r.set().stream().map(w -> w.workspaceId().toString()).toList());
    List<Map<String, Object>> agents = new ArrayList<>();
    for (PresenceRecord p : live) {
      if (!project.toString().equals(p.projectId())) {
        continue;
      }
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("workspace_id", p.workspaceId());
      a.put("alias", nullIfEmpty(p.alias()));
      a.put("member", c.publicReader() ? null : nullIfEmpty(p.memberEmail()));
      a.put("human_name", nullIfEmpty(p.humanName()));
      a.put("program", nullIfEmpty(p.program()));
      a.put("role", nullIfEmpty(p.role()));
      a.put("status", p.status() == null || p.status().isEmpty() ? "unknown" : p.status());
      a.put("current_branch", nullIfEmpty(p.currentBranch()));
      a.put("canonical_origin", nullIfEmpty(p.canonicalOrigin()));
      a.put("timezone", nullIfEmpty(p.timezone()));
      a.put("current_issue", currentIssue.get(UUID.fromString(p.workspaceId())));
      a.put("last_seen", p.lastSeen());
      agents.add(a);
    }

    List<Map<String, Object>> claims = new ArrayList<>();
    Map<String, List<Map<String, Object>>> conflictsByKey = new LinkedHashMap<>();
    Map<String, String> conflictBead = new HashMap<>();
    for (WorkspaceClaims.Claim cl : r.claims()) {
      BeadTitles.TitleType t = r.titles().get(cl.ref());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("bead_id", cl.beadId());
      m.put("workspace_id", cl.workspaceId().toString());
      m.put("alias", cl.alias());
      m.put("human_name", cl.humanName());
      m.put("claimed_at", Times.isoOffset(cl.claimedAt()));
      m.put("claimant_count", cl.claimantCount());
      m.put("title", t == null ? null : t.title());
      m.put("project_id", cl.projectId().toString());
      claims.add(m);
      if (cl.claimantCount() > 1) {
        String key = cl.repo() + "\u0000" + cl.beadId();
        conflictBead.put(key, cl.beadId());
        Map<String, Object> who = new LinkedHashMap<>();
        who.put("alias", cl.alias());
        who.put("human_name", cl.humanName());
        who.put("workspace_id", cl.workspaceId().toString());
        conflictsByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(who);
      }
    }
    List<Map<String, Object>> conflicts = new ArrayList<>();
    conflictsByKey.forEach((k, who) -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("bead_id", conflictBead.get(k));
      m.put("claimants", who);
      conflicts.add(m);
    });

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("workspace", ws);
    out.put("agents", agents);
    out.put("claims", claims);
    out.put("conflicts", conflicts);
    out.put("escalations_pending", r.escalations());
    out.put("timestamp", Times.isoOffset(clock.instant()));
    return out;
  }

  private static String nullIfEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
