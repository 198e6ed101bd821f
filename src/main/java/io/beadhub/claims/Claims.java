package io.beadhub.claims;

import io.beadhub.beads.BeadTitles;
import io.beadhub.events.Event;
import io.beadhub.events.EventStore;
import io.beadhub.workspaces.ClaimReleaser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Claim rules (spec 40 §4): conflict checks, claiming with apex and focus, releasing with one
 * {@code bead.unclaimed} per released active claim. Everything runs in the caller's transaction and
 * returns the events to publish after commit.
 */
public final class Claims implements ClaimReleaser {
  public static final long PENDING_SECONDS = 120;
  private final BeadTitles titles;

  public Claims(BeadTitles titles) {
    this.titles = titles;
  }

  /** The workspace claiming; its stored names are used for claims and events. */
  public record Holder(UUID workspaceId, String alias, String humanName) {
  }

  /** The reason text clients print: {@code <bead> is being worked on by <alias> (<human_name>)}. */
  public static String reason(String beadId, String alias, String humanName) {
    return beadId + " is being worked on by " + alias + " (" + (humanName == null ? "" : humanName) + ")";
  }

  /**
   * The first id (in command order) held by another workspace, as the rejection reason, over the claims
   * read with {@link ClaimStore#holding} under the claim locks ({@link ClaimStore#lock}).
   */
  public static Optional<String> conflict(List<ClaimStore.Claim> holding, UUID workspace, List<String> ids) {
    Map<String, ClaimStore.Claim> other = new LinkedHashMap<>();
    for (ClaimStore.Claim c : holding) {
      if (!c.workspaceId().equals(workspace)) {
        other.putIfAbsent(c.beadId(), c);
      }
    }
    for (String id : ids) {
      ClaimStore.Claim c = other.get(id);
      if (c != null) {
        return Optional.of(reason(id, c.alias(), c.humanName()));
      }
    }
    return Optional.empty();
  }

  /** Sync: active claims for every id (the caller checked conflicts), focus on the last apex. */
  public List<Event> claim(Handle h, UUID project, String slug, String repo, Holder w, List<String> ids, Instant now) {
    List<Event> events = new ArrayList<>();
    Map<BeadTitles.Ref, BeadTitles.TitleType> t = titles.resolve(h, project,
        ids.stream().map(id -> new BeadTitles.Ref(repo, id, "main")).toList());
    for (String id : ids) {
      String[] apex = ClaimStore.apex(h, project, repo, id);
      ClaimStore.upsert(h, project, w.workspaceId(), repo, id, w.alias(), w.humanName(), "active", null, apex, now);
      if (apex != null) {
        ClaimStore.focus(h, w.workspaceId(), apex, now);
      }
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("project_id", project.toString());
      f.put("bead_id", id);
      f.put("repo", repo);
      f.put("alias", w.alias());
      f.put("title", title(t, repo, id));
      events.add(EventStore.record(h, project, slug, w.workspaceId(), "bead.claimed", f, now));
    }
    return events;
  }

  /** Releases every claim on these ids of a repo; one event per released active claim. */
  public List<Event> release(Handle h, UUID project, String slug, String repo, List<String> ids, String reason,
                             Instant now) {
    return events(h, project, slug, ClaimStore.release(h, project, repo, ids), reason, now);
  }

  /** Releases one workspace's claims on these ids of a repo (others' stay); one event per released active claim. */
  public List<Event> releaseOwn(Handle h, UUID project, String slug, String repo, UUID workspace, List<String> ids,
                                String reason, Instant now) {
    return events(h, project, slug, ClaimStore.releaseOwn(h, project, workspace, repo, ids), reason, now);
  }

  @Override
  public List<Event> releaseForWorkspaces(Handle h, UUID projectId, String projectSlug, List<UUID> workspaceIds,
                                          Instant now) {
    return events(h, projectId, projectSlug, ClaimStore.releaseForWorkspaces(h, projectId, workspaceIds),
        "workspace_deleted", now);
  }

  private List<Event> events(Handle h, UUID project, String slug, List<ClaimStore.Released> released, String reason,
                             Instant now) {
    if (released.isEmpty()) {
      return List.of();
    }
    ClaimStore.refocus(h, released.stream().map(ClaimStore.Released::workspaceId).distinct().toList(), now);
    Map<BeadTitles.Ref, BeadTitles.TitleType> t = titles.resolve(h, project,
        released.stream().map(r -> new BeadTitles.Ref(r.repo(), r.beadId(), null)).distinct().toList());
    List<Event> events = new ArrayList<>();
    for (ClaimStore.Released r : released) {
      if (!r.state().equals("active")) {
        continue;
      }
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("project_id", project.toString());
      f.put("bead_id", r.beadId());
      f.put("repo", r.repo());
      f.put("alias", r.alias());
      f.put("title", title(t, r.repo(), r.beadId()));
      f.put("reason", reason);
      events.add(EventStore.record(h, project, slug, r.workspaceId(), "bead.unclaimed", f, now));
    }
    return events;
  }

  private static String title(Map<BeadTitles.Ref, BeadTitles.TitleType> t, String repo, String id) {
    for (var e : t.entrySet()) {
      if (e.getKey().repo().equals(repo) && e.getKey().beadId().equals(id)) {
        return e.getValue().title();
      }
    }
    return null;
  }
}
