package io.beadhub.workspaces;

import io.beadhub.claims.BeadTitles;
import io.beadhub.events.Event;
import io.beadhub.events.EventStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The claim release of the workspace cascades (spec 30 §2.9, §2.11): deletes every claim of the
 * ending workspaces (pending ones too) and records one {@code bead.unclaimed} per released active
 * claim, reason {@code workspace_deleted} (spec 40 §8). The claims feature may supersede it.
 */
public final class DeletingClaimReleaser implements ClaimReleaser {
  private record Released(UUID workspaceId, String repo, String beadId, String alias) {
  }

  private final BeadTitles titles;

  public DeletingClaimReleaser(BeadTitles titles) {
    this.titles = titles;
  }

  @Override
  public List<Event> releaseForWorkspaces(Handle h, UUID projectId, String projectSlug, List<UUID> workspaceIds,
                                          Instant now) {
    if (workspaceIds.isEmpty()) {
      return List.of();
    }
    List<Released> released = h.createQuery("""
            WITH gone AS (
              DELETE FROM server.bead_claims WHERE workspace_id = ANY(:ids)
              RETURNING workspace_id, repo, bead_id, state, claimed_at, id)
            SELECT g.workspace_id, g.repo, g.bead_id, w.alias
              FROM gone g JOIN server.workspaces w ON w.workspace_id = g.workspace_id
             WHERE g.state = 'active'
             ORDER BY g.claimed_at, g.id
            """)
        .bind("ids", workspaceIds.toArray(new UUID[0]))
        .map((rs, c) -> new Released(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
            rs.getString(4)))
        .list();
    if (released.isEmpty()) {
      return List.of();
    }
    Map<BeadTitles.Ref, BeadTitles.TitleType> tt = titles.resolve(h, projectId,
        released.stream().map(r -> new BeadTitles.Ref(r.repo(), r.beadId(), null)).toList());
    List<Event> events = new ArrayList<>();
    for (Released r : released) {
      BeadTitles.TitleType t = tt.get(new BeadTitles.Ref(r.repo(), r.beadId(), null));
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("project_id", projectId.toString());
      f.put("bead_id", r.beadId());
      f.put("repo", r.repo());
      f.put("alias", r.alias());
      f.put("title", t == null ? null : t.title());
      f.put("reason", "workspace_deleted");
      events.add(EventStore.record(h, projectId, projectSlug, r.workspaceId(), "bead.unclaimed", f, now));
    }
    return events;
  }
}
