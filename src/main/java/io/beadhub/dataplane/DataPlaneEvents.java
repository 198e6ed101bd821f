package io.beadhub.dataplane;

import io.beadhub.db.Batch;
import io.beadhub.events.Event;
import io.beadhub.events.EventStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
  record Row(String beadId, String status, boolean live, boolean mail, String title, String assignee,
             List<String> labels, String sender, String createdBy) {
  }

  record Before(Map<String, Row> rows) implements Snapshot {
  }

  @Override
  public Supplier<Snapshot> before(Batch b, UUID project, String repo, String branch, Collection<String> beadIds) {
    Batch.Result<Row> rows = beadIds == null ? rows(b, project, repo, branch, HOOKED_OR_MAIL, List.of())
        : keyed(b, project, repo, branch, beadIds, HOOKED_OR_MAIL, List.of());
    return () -> {
      Map<String, Row> byId = new HashMap<>();
      rows.list().forEach(r -> byId.put(r.beadId(), r));
      return new Before(byId);
    };
  }

  @Override
  public After after(Batch b, Write w, Snapshot snapshot, Written written) {
    if (written != null && written.nothing()) {
      return (h, now) -> List.of(); // no row changed: the state and the hooked/mail rows are as before
    }
    StateRefresh.Staged state = StateRefresh.stage(b, w.project(), w.repo(), w.branch(), written);
    Map<String, Row> before = snapshot instanceof Before x ? x.rows() : Map.of();
    List<String> wasHooked = before.values().stream().filter(r -> r.status().equals("hooked")).map(Row::beadId)
        .toList();
    // Only written rows can have changed (status, liveness and is_mail are state inputs); not knowing
    // which, every hooked or mail row now.
    Batch.Result<Row> after;
    if (written == null) {
      after = rows(b, w.project(), w.repo(), w.branch(),
          wasHooked.isEmpty() ? HOOKED_OR_MAIL : "(" + HOOKED_OR_MAIL + ") OR bead_id = ANY(:keys)", wasHooked);
    } else if (wasHooked.isEmpty()) {
      after = keyed(b, w.project(), w.repo(), w.branch(), written.beadIds(), HOOKED_OR_MAIL, List.of());
    } else {
      // A row hooked before is read whatever it is now (its unhooking); the others only when hooked or mail.
      Set<String> keys = new HashSet<>(written.beadIds());
      keys.addAll(wasHooked);
      after = keyed(b, w.project(), w.repo(), w.branch(), keys, HOOKED_OR_MAIL + " OR bead_id = ANY(:was)",
          wasHooked);
    }
    return (h, now) -> {
      state.refresh(h, now);
      return events(h, w, before, wasHooked, after.list(), now);
    };
  }

  /** The hooked, unhooked and mail events of the write, from the rows before and after it. */
  private static List<Event> events(Handle h, Write w, Map<String, Row> before, List<String> wasHooked,
                                    List<Row> after, Instant now) {
    Map<String, Row> afterById = new HashMap<>();
    after.forEach(r -> afterById.put(r.beadId(), r));

    record Pending(String type, String assignee, Map<String, Object> fields) {
    }
    List<Pending> pending = new ArrayList<>();
    for (Row r : after) {
      Row old = before.get(r.beadId());
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
      Row old = before.get(id);
      Row r = afterById.get(id);
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

  private static Map<String, Object> base(Write w, Row r) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("project_id", w.project().toString());
    f.put("bead_id", r.beadId());
    f.put("repo", w.repo());
    return f;
  }

  private static final String HOOKED_OR_MAIL = "deleted_at IS NULL AND (status = 'hooked' OR is_mail)";

  /** The rows of the written repo and branch matching {@code cond}, which may name {@code :keys}. */
  private static Batch.Result<Row> rows(Batch b, UUID project, String repo, String branch, String cond,
                                        Collection<String> keys) {
    return read(b, project, repo, branch, "beads.issues WHERE project_id = :p AND repo = :r AND branch = :b AND ("
        + cond + ")", keys, List.of());
  }

  /**
   * The rows bearing {@code keys} that match {@code filter} (which may name {@code :was}). Found by key
   * first: given the filter too, the planner read every mail row of the repo through its partial index.
   */
  private static Batch.Result<Row> keyed(Batch b, UUID project, String repo, String branch, Collection<String> keys,
                                         String filter, Collection<String> was) {
    return read(b, project, repo, branch, """
        (SELECT * FROM beads.issues
          WHERE project_id = :p AND repo = :r AND branch = :b AND bead_id = ANY(:keys) OFFSET 0) x
         WHERE %s""".formatted(filter), keys, was);
  }

  private static Batch.Result<Row> read(Batch b, UUID project, String repo, String branch, String from,
                                        Collection<String> keys, Collection<String> was) {
    return b.query("""
            SELECT bead_id, status, deleted_at IS NULL AS live, is_mail, title, assignee, labels, sender, created_by
              FROM %s""".formatted(from),
        q -> q.bind("p", project).bind("r", repo).bind("b", branch).bind("keys", keys.toArray(new String[0]))
            .bind("was", was.toArray(new String[0])),
        (rs, c) -> new Row(rs.getString("bead_id"), rs.getString("status"), rs.getBoolean("live"),
            rs.getBoolean("is_mail"), rs.getString("title"), rs.getString("assignee"),
            Arrays.asList((String[]) rs.getArray("labels").getArray()), rs.getString("sender"),
            rs.getString("created_by")));
  }

}
