package io.beadhub.dataplane;

import io.beadhub.db.Batch;
import io.beadhub.events.Event;
import io.beadhub.events.EventStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * The ingest hook of the data plane: refreshes the materialised state and records
 * {@code bead.hooked}, {@code bead.unhooked} and {@code bead.mail_received} (spec 60 §6) by
 * comparing the hooked and mail rows of the written (repo, branch) before and after the write.
 */
public final class DataPlaneEvents implements BeadWriteHook {
  /** The hooked and mail rows before the write, and what resolution read of the written repo. */
  record Before(Map<String, HookedRowStore.Row> rows, RepoResolution resolution) implements Snapshot {
  }

  @Override
  public Supplier<Snapshot> before(Batch b, UUID project, String repo, String branch, Collection<String> beadIds) {
    Batch.Result<HookedRowStore.Row> rows = beadIds == null ? HookedRowStore.hookedOrMail(b, project, repo, branch)
        : HookedRowStore.hookedOrMailAmong(b, project, repo, branch, beadIds);
    Supplier<RepoResolution> resolution = StateStore.resolution(b, project, repo);
    return () -> {
      Map<String, HookedRowStore.Row> byId = new HashMap<>();
      rows.list().forEach(r -> byId.put(r.beadId(), r));
      return new Before(byId, resolution.get());
    };
  }

  @Override
  public After after(Batch b, Write w, Snapshot snapshot, Written written) {
    if (written != null && written.nothing()) {
      return (h, now) -> List.of(); // no row changed: the state and the hooked/mail rows are as before
    }
    StateRefresh.Staged state = StateRefresh.stage(b, w.project(), w.repo(), w.branch(), written,
        snapshot instanceof Before x ? x.resolution() : null);
    Map<String, HookedRowStore.Row> before = snapshot instanceof Before x ? x.rows() : Map.of();
    List<String> wasHooked = before.values().stream().filter(r -> r.status().equals("hooked"))
        .map(HookedRowStore.Row::beadId).toList();
    // Only written rows can have changed (status, liveness and is_mail are state inputs); not knowing
    // which, every hooked or mail row now.
    Batch.Result<HookedRowStore.Row> after;
    if (written == null) {
      after = HookedRowStore.hookedOrMailOr(b, w.project(), w.repo(), w.branch(), wasHooked);
    } else if (wasHooked.isEmpty()) {
      after = HookedRowStore.hookedOrMailAmong(b, w.project(), w.repo(), w.branch(), written.beadIds());
    } else {
      // A row hooked before is read whatever it is now (its unhooking); the others only when hooked or mail.
      Set<String> keys = new HashSet<>(written.beadIds());
      keys.addAll(wasHooked);
      after = HookedRowStore.hookedOrMailOrAmong(b, w.project(), w.repo(), w.branch(), keys, wasHooked);
    }
    return (h, now) -> {
      List<Long> readied = state.refresh(h, now);
      List<Event> out = events(h, w, before, wasHooked, after.list(), now);
      if (readied.isEmpty()) {
        return out;
      }
      List<Event> all = new ArrayList<>(out);
      all.addAll(ready(h, w, readied, now));
      return all;
    };
  }

  /** The hooked, unhooked and mail events of the write, from the rows before and after it. */
  private static List<Event> events(Handle h, Write w, Map<String, HookedRowStore.Row> before, List<String> wasHooked,
                                    List<HookedRowStore.Row> after, Instant now) {
    Map<String, HookedRowStore.Row> afterById = new HashMap<>();
    after.forEach(r -> afterById.put(r.beadId(), r));

    record Pending(String type, String assignee, Map<String, Object> fields) {
    }
    List<Pending> pending = new ArrayList<>();
    for (HookedRowStore.Row r : after) {
      HookedRowStore.Row old = before.get(r.beadId());
      if (r.live() && r.status().equals("hooked") && (old == null || !old.status().equals("hooked"))) {
        Map<String, Object> f = base(w, r);
        f.put("branch", w.branch());
        f.put("title", r.title());
        f.put("assignee", r.assignee());
        f.put("alias", w.alias());
        pending.add(new Pending("bead.hooked", r.assignee(), f));
      }
      if (r.live() && r.mail() && (r.status().equals("open") || r.status().equals("hooked")) && old == null) {
        Map<String, Object> f = base(w, r);
        f.put("subject", r.title());
        f.put("from", Mail.from(r.labels(), r.sender(), r.createdBy()));
        f.put("to", r.assignee());
        pending.add(new Pending("bead.mail_received", r.assignee(), f));
      }
    }
    for (String id : wasHooked) {
      HookedRowStore.Row old = before.get(id);
      HookedRowStore.Row r = afterById.get(id);
      if (r == null || !r.live() || !r.status().equals("hooked")) {
        Map<String, Object> f = base(w, old);
        f.put("branch", w.branch());
        f.put("title", r == null ? old.title() : r.title());
        f.put("assignee", old.assignee());
        f.put("new_status", r == null || !r.live() ? "removed" : r.status());
        pending.add(new Pending("bead.unhooked", old.assignee(), f));
      }
    }
    if (pending.isEmpty()) {
      return List.of();
    }
    Map<String, List<UUID>> mapped = Workspaces.mapAssignees(h, w.project(),
        pending.stream().map(Pending::assignee).filter(a -> a != null && !a.isEmpty()).toList());
    List<EventStore.NewEvent> events = new ArrayList<>();
    for (Pending p : pending) {
      Set<UUID> targets = new LinkedHashSet<>();
      if (w.stream() != null) {
        targets.add(w.stream());
      }
      if (p.assignee() != null) {
        targets.addAll(mapped.getOrDefault(p.assignee(), List.of()));
      }
      for (UUID ws : targets) {
        events.add(new EventStore.NewEvent(ws, p.type(), p.fields()));
      }
    }
    return EventStore.recordAll(h, w.project(), w.slug(), events, now);
  }

  /**
   * {@code bead.ready} for each assigned row that became ready (blocked before the write, not after), on
   * the channels of the workspaces its assignee names; an unassigned row has no one to tell.
   */
  private static List<Event> ready(Handle h, Write w, List<Long> readied, Instant now) {
    List<HookedRowStore.Ready> rows = HookedRowStore.assigned(h, w.project(), readied);
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<String, List<UUID>> mapped = Workspaces.mapAssignees(h, w.project(),
        rows.stream().map(HookedRowStore.Ready::assignee).distinct().toList());
    List<EventStore.NewEvent> events = new ArrayList<>();
    for (HookedRowStore.Ready r : rows) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("project_id", w.project().toString());
      f.put("bead_id", r.beadId());
      f.put("repo", r.repo());
      f.put("branch", r.branch());
      f.put("title", r.title());
      f.put("assignee", r.assignee());
      for (UUID ws : mapped.getOrDefault(r.assignee(), List.of())) {
        events.add(new EventStore.NewEvent(ws, "bead.ready", f));
      }
    }
    return EventStore.recordAll(h, w.project(), w.slug(), events, now);
  }

  private static Map<String, Object> base(Write w, HookedRowStore.Row r) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("project_id", w.project().toString());
    f.put("bead_id", r.beadId());
    f.put("repo", w.repo());
    return f;
  }
}
