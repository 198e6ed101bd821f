package io.beadhub.beads;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The accepted records of each repo's last full sync, by the exact text of their line. {@code bdh} sends
 * the whole file on a full sync, and most of its lines are the ones it sent last time: validating a line
 * is a pure function of its text (and the branch), so a line seen before is not parsed, checked and hashed
 * again (spec 40 §1.10's identical re-sync). A cache only: a replica that has not seen the repo, or a
 * line that changed, takes the full path. Bounded by {@link #MAX_RECORDS} over all repos, the least
 * recently synced repo dropped first; records are kept without their JSON tree (their line is their JSON).
 */
public final class ValidatedLines {
  /**
   * Records kept over all repos: about 2.4 kB of heap each for the lines of the beads tracker's own
   * export (20.5 MB for 8,383), so at most about 50 MB.
   */
  static final int MAX_RECORDS = 20_000;

  /** The records known for one sync: by line text. */
  public interface Known {
    IssueRecord get(String line);
  }

  public static final Known NONE = line -> null;

  private record Key(UUID project, String repo, String branch) {
  }

  private final Map<Key, Map<String, IssueRecord>> repos = new LinkedHashMap<>(16, 0.75f, true);
  private final int maxRecords;
  private int records;

  public ValidatedLines() {
    this(MAX_RECORDS);
  }

  ValidatedLines(int maxRecords) {
    this.maxRecords = maxRecords;
  }

  /** The lines of the repo's last full sync (a snapshot: later puts do not change it). */
  public synchronized Known of(UUID project, String repo, String branch) {
    Map<String, IssueRecord> lines = repos.get(new Key(project, repo, branch));
    return lines == null ? NONE : lines::get;
  }

  /** Keeps {@code accepted} (a full sync's records) as the repo's lines, replacing the ones kept before. */
  public void put(UUID project, String repo, String branch, List<IssueRecord> accepted) {
    if (accepted.size() > maxRecords) {
      return;
    }
    Key key = new Key(project, repo, branch);
    Map<String, IssueRecord> before;
    synchronized (this) {
      before = repos.get(key);
    }
    Map<String, IssueRecord> prev = before == null ? Map.of() : before;
    if (before != null && accepted.size() == before.size()
        && accepted.stream().allMatch(r -> r.rawText() != null && before.containsKey(r.rawText()))) {
      return; // the same lines as last time (an identical re-sync): nothing to replace
    }
    Map<String, IssueRecord> lines = new HashMap<>(accepted.size() * 2);
    for (IssueRecord r : accepted) {
      IssueRecord known = r.rawText() == null ? null : prev.get(r.rawText());
      IssueRecord kept = known != null ? known : r.withoutTree();
      if (kept != null) {
        lines.put(kept.rawText(), kept);
      }
    }
    synchronized (this) {
      Map<String, IssueRecord> old = repos.put(key, lines);
      records += lines.size() - (old == null ? 0 : old.size());
      for (Iterator<Map<String, IssueRecord>> it = repos.values().iterator(); records > maxRecords && it.hasNext(); ) {
        Map<String, IssueRecord> eldest = it.next();
        if (eldest != lines) {
          records -= eldest.size();
          it.remove();
        }
      }
    }
  }

  /** How many records are kept (for tests). */
  synchronized int size() {
    return records;
  }
}
