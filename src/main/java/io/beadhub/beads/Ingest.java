package io.beadhub.beads;

import io.beadhub.events.Event;
import io.beadhub.events.EventStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The ingest algorithm (spec 40 §1.6–1.7) inside the caller's transaction: classify against the
 * stored rows in memory, then write with a constant number of batched statements.
 */
public final class Ingest {
  /** PUSH: the ephemeral push of spec 60 §5.10 (rows of source {@code push}, no status events). */
  public enum Mode { FULL, INCREMENTAL, UPLOAD, PUSH }

  /**
   * What to apply. {@code writer} is the writing workspace (null for a key without one);
   * {@code stream} the workspace whose event stream gets the writer's events (null: not published).
   */
  public record Request(UUID project, String slug, String repo, String branch, UUID writer, UUID stream,
                        String alias, Mode mode, RecordValidator.Result records, List<String> deletedIds,
                        Set<String> closedByWriter) {
  }

  public record Stats(int received, int inserted, int updated, int deleted, int unchanged, int conflicts,
                      int tombstoned, int rejected, int keptAbsent) {
    /** Existing rows overwritten (changed content). */
    public int overwritten() {
      return updated - unchanged;
    }
  }

  /** The result: stats, lists for the response, what claims to release, changes to notify. */
  public record Outcome(Stats stats, List<String> conflicts, List<Rejection> rejected, List<Event> events,
                        List<String> closedIds, Map<String, String> removedIds, List<BeadChange> changes,
                        int tombstoneRemovals, Set<String> written, boolean liveSetChanged) {
    /** How many rejections a response lists (its stats count them all). */
    public static final int REJECTIONS_SHOWN = 100;

    /** The rejections a response lists: the first {@link #REJECTIONS_SHOWN}. */
    public List<Rejection> rejectedShown() {
      return rejected.size() > REJECTIONS_SHOWN ? rejected.subList(0, REJECTIONS_SHOWN) : rejected;
    }
  }

  /**
   * The classified write, not yet sent: the records to write, the rows to mark removed (absent from a
   * full sync, deleted by id) and the events to record. The caller adds their statements to its write
   * round trip ({@code sync.SyncStatements}) and takes the {@link #outcome} with the recorded events.
   * {@code unsent} is the outcome without them.
   */
  public record Staged(Outcome unsent, List<IssueRecord> writes, List<Long> absent, List<Long> deleted,
                       List<EventStore.NewEvent> events) {
    public Outcome outcome(List<Event> recorded) {
      Outcome o = unsent;
      return new Outcome(o.stats(), o.conflicts(), o.rejected(), recorded, o.closedIds(), o.removedIds(),
          o.changes(), o.tombstoneRemovals(), o.written(), o.liveSetChanged());
    }
  }

  private Ingest() {
  }

  /**
   * Classifies {@code r} in memory against {@code stored}, the rows {@link #touched} names (all rows of
   * the repo for a full sync), and stages its writes.
   */
  public static Staged stage(Handle h, Request r, Map<String, IssueStore.Stored> stored) {
    List<IssueRecord> records = r.records().records();
    List<Rejection> rejected = new ArrayList<>(r.records().rejected());
    List<String> validDeleted = validDeleted(r.mode(), r.deletedIds());
    if (r.mode() == Mode.INCREMENTAL) {
      for (String id : r.deletedIds()) {
        if (!Formats.isBeadId(id)) {
          rejected.add(new Rejection(null, id, "invalid_id", null));
        }
      }
    }

    int inserted = 0, updated = 0, deleted = 0, unchanged = 0, tombstoned = 0, keptAbsent = 0;
    List<String> conflicts = new ArrayList<>();
    List<IssueRecord> writes = new ArrayList<>();
    List<EventStore.NewEvent> events = new ArrayList<>();
    List<BeadChange> changes = new ArrayList<>();
    Set<String> closed = new LinkedHashSet<>();
    Map<String, String> removed = new LinkedHashMap<>();
    int tombstoneRemovals = 0;
    // The rows whose state inputs changed (the data plane refreshes from these): inserted, revived,
    // tombstoned, removed, or overwritten with a different state key. A text edit is not among them.
    Set<String> written = new HashSet<>();

    for (IssueRecord x : records) {
      IssueStore.Stored s = stored.get(x.beadId());
      if (s != null && s.updatedAt() != null && x.updatedAt() != null && x.updatedAt().isBefore(s.updatedAt())) {
        conflicts.add(x.beadId());
        continue;
      }
      String title = x.title();
      if (x.tombstone()) {
        tombstoned++;
        if (s != null && !s.live() && x.contentHash().equals(s.contentHash())) {
          continue;
        }
        writes.add(x);
        written.add(x.beadId());
        String old = s != null && s.live() ? s.status() : "";
        events.add(statusEvent(r, x.beadId(), old, "tombstone", title));
        if (s != null && s.live()) {
          deleted++;
          tombstoneRemovals++;
          removed.put(x.beadId(), "tombstone");
          events.add(removedEvent(r, x.beadId(), title, "tombstone"));
          changes.add(new BeadChange(x.beadId(), "removed", s.status(), null, title, "tombstone"));
        } else {
          removed.put(x.beadId(), "tombstone");
        }
        continue;
      }
      if ("closed".equals(x.status())) {
        closed.add(x.beadId());
      }
      if (s == null || !s.live()) {
        inserted++;
        writes.add(x);
        written.add(x.beadId());
        events.add(statusEvent(r, x.beadId(), "", x.status(), title));
        continue;
      }
      updated++;
      // An export of a pushed row takes it over (source export, no expiry) even when its content is equal.
      boolean takeOver = r.mode() != Mode.PUSH && "push".equals(s.source());
      if (x.contentHash().equals(s.contentHash()) && !takeOver) {
        unchanged++;
        continue;
      }
      writes.add(x);
      if (!x.stateKey().equals(s.stateKey())) {
        written.add(x.beadId());
      }
      if (!x.status().equals(s.status())) {
        events.add(statusEvent(r, x.beadId(), s.status(), x.status(), title));
        changes.add(new BeadChange(x.beadId(), "status", s.status(), x.status(), title, null));
      }
      if (x.priority() != s.priority()) {
        changes.add(new BeadChange(x.beadId(), "priority", Integer.toString(s.priority()),
            Integer.toString(x.priority()), title, null));
      }
      if (!Objects.equals(x.assignee(), s.assignee())) {
        changes.add(new BeadChange(x.beadId(), "assignee", s.assignee(), x.assignee(), title, null));
      }
    }

    List<Long> absentIds = new ArrayList<>();
    if (r.mode() == Mode.FULL && !r.records().presentIds().isEmpty()) {
      Set<String> present = new HashSet<>(r.records().presentIds());
      List<IssueStore.Stored> absent = stored.values().stream()
          .filter(s -> s.live() && "export".equals(s.source()) && !present.contains(s.beadId()))
          .sorted((a, b) -> a.beadId().compareTo(b.beadId())).toList();
      Set<UUID> otherWriters = new HashSet<>();
      absent.forEach(s -> {
        if (s.lastWriter() != null && !s.lastWriter().equals(r.writer())) {
          otherWriters.add(s.lastWriter());
        }
      });
      Set<UUID> liveOthers = IssueStore.liveWorkspaces(h, otherWriters);
      for (IssueStore.Stored s : absent) {
        if (s.lastWriter() != null && !s.lastWriter().equals(r.writer()) && liveOthers.contains(s.lastWriter())) {
          keptAbsent++;
          continue;
        }
        absentIds.add(s.id());
        deleted++;
        removed.put(s.beadId(), "absent_from_full_sync");
        events.add(removedEvent(r, s.beadId(), s.title(), "absent_from_full_sync"));
        changes.add(new BeadChange(s.beadId(), "removed", s.status(), null, s.title(), "absent_from_full_sync"));
      }
    }
    List<Long> deletedIdRows = new ArrayList<>();
    for (String id : validDeleted) {
      IssueStore.Stored s = stored.get(id);
      if (s != null && s.live() && !removed.containsKey(id)) {
        deletedIdRows.add(s.id());
        deleted++;
        events.add(removedEvent(r, id, s.title(), "deleted_ids"));
        changes.add(new BeadChange(id, "removed", s.status(), null, s.title(), "deleted_ids"));
      }
      removed.putIfAbsent(id, "deleted_ids");
    }

    int received = records.size();
    Stats stats = new Stats(received, inserted, updated, deleted, unchanged, conflicts.size(), tombstoned,
        rejected.size(), keptAbsent);
    closed.removeAll(removed.keySet());
    if (!absentIds.isEmpty() || !deletedIdRows.isEmpty()) {
      Set<Long> removedRows = new HashSet<>(absentIds);
      removedRows.addAll(deletedIdRows);
      stored.values().forEach(s -> {
        if (removedRows.contains(s.id())) {
          written.add(s.beadId());
        }
      });
    }
    return new Staged(new Outcome(stats, conflicts, rejected, List.of(), new ArrayList<>(closed), removed,
        changes, tombstoneRemovals, written, inserted > 0 || deleted > 0), writes, absentIds, deletedIdRows, events);
  }

  /** The bead ids a request can write: its records and valid deleted ids; null for a full sync (any row). */
  public static Set<String> touched(Request r) {
    return touched(r.mode(), r.records(), r.deletedIds());
  }

  /** As {@link #touched(Request)}, before the request is made. */
  public static Set<String> touched(Mode mode, RecordValidator.Result records, List<String> deletedIds) {
    if (mode == Mode.FULL) {
      return null;
    }
    Set<String> ids = new HashSet<>(validDeleted(mode, deletedIds));
    for (IssueRecord x : records.records()) {
      ids.add(x.beadId());
    }
    return ids;
  }

  private static List<String> validDeleted(Mode mode, List<String> deletedIds) {
    return mode != Mode.INCREMENTAL ? List.of() : deletedIds.stream().filter(Formats::isBeadId).toList();
  }

  private static EventStore.NewEvent statusEvent(Request r, String beadId, String old, String now, String title) {
    Map<String, Object> f = fields(r.project(), r.repo(), r.branch(), beadId);
    f.put("old_status", old);
    f.put("new_status", now);
    f.put("title", title);
    f.put("alias", r.alias());
    return new EventStore.NewEvent(r.stream() == null ? r.project() : r.stream(), "bead.status_changed", f);
  }

  private static EventStore.NewEvent removedEvent(Request r, String beadId, String title, String reason) {
    return removedEvent(r.stream() == null ? r.project() : r.stream(), r.project(), r.repo(), r.branch(), beadId,
        title, reason);
  }

  /** The {@code bead.removed} event of a row of (project, repo, branch), in {@code stream}'s events. */
  public static EventStore.NewEvent removedEvent(UUID stream, UUID project, String repo, String branch,
                                                 String beadId, String title, String reason) {
    Map<String, Object> f = fields(project, repo, branch, beadId);
    f.put("title", title);
    f.put("reason", reason);
    return new EventStore.NewEvent(stream, "bead.removed", f);
  }

  private static Map<String, Object> fields(UUID project, String repo, String branch, String beadId) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("project_id", project.toString());
    f.put("bead_id", beadId);
    f.put("repo", repo);
    f.put("branch", branch);
    return f;
  }
}
