package io.beadhub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One simulated project with one repo: its issues file as the agents' worktrees share it ({@code id →
 * JSONL line}) and the ids still open, so agents create, claim and close real beads.
 */
final class TeamProject {
  final String slug;
  final String origin;
  final String prefix;
  final Map<String, String> lines = new ConcurrentSkipListMap<>();
  private final List<String> open = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  final List<TeamAgent> agents = new java.util.concurrent.CopyOnWriteArrayList<>();
  volatile boolean baselined;

  TeamProject(int index) {
    slug = "team-" + Bench.RUN + "-p" + index;
    origin = "git@github.com:team-" + Bench.RUN + "/p" + index + ".git";
    prefix = "t" + index;
  }

  /** A new open issue (a third of them blocked by an open one), added to the file; returns its id. */
  synchronized String create(String author) {
    String id = prefix + "-" + Integer.toString(next.incrementAndGet(), 36);
    String dep = !open.isEmpty() && ThreadLocalRandom.current().nextInt(3) == 0
        ? open.get(ThreadLocalRandom.current().nextInt(open.size())) : null;
    lines.put(id, line(id, "Task " + id + " filed by " + author, "open", null, dep));
    open.add(id);
    return id;
  }

  /** An open issue nobody in this model holds yet, taken off the open list (null when none). */
  synchronized String takeOpen() {
    if (open.isEmpty()) {
      return null;
    }
    int i = ThreadLocalRandom.current().nextInt(open.size());
    String id = open.get(i);
    open.set(i, open.get(open.size() - 1));
    open.remove(open.size() - 1);
    return id;
  }

  synchronized void putBack(String id) {
    open.add(id);
  }

  /** The line with a new status and assignee (its dependencies kept). */
  String update(String id, String status, String assignee) {
    String old = lines.get(id);
    String dep = null;
    int at = old.indexOf("\"depends_on_id\":\"");
    if (at >= 0) {
      int from = at + 17;
      dep = old.substring(from, old.indexOf('"', from));
    }
    String title = old.substring(old.indexOf("\"title\":\"") + 9, old.indexOf("\",\"description\""));
    String line = line(id, title, status, assignee, dep);
    lines.put(id, line);
    return line;
  }

  String file() {
    StringBuilder sb = new StringBuilder(lines.size() * 400);
    lines.values().forEach(l -> sb.append(l).append('\n'));
    return sb.toString();
  }

  private static String line(String id, String title, String status, String assignee, String dependsOn) {
    String now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
    return "{\"id\":\"" + id + "\",\"title\":\"" + title + "\",\"description\":\"What needs doing for " + id
        + ", in a sentence or two of the kind agents write.\",\"status\":\"" + status + "\",\"priority\":2,"
        + "\"issue_type\":\"task\"" + (assignee == null ? "" : ",\"assignee\":\"" + assignee + "\"")
        + ",\"created_at\":\"2026-12-01T00:00:00Z\",\"updated_at\":\"" + now + "\""
        + (status.equals("closed") ? ",\"closed_at\":\"" + now + "\"" : "")
        + (dependsOn == null ? "" : ",\"dependencies\":[{\"issue_id\":\"" + id + "\",\"depends_on_id\":\"" + dependsOn
            + "\",\"type\":\"blocks\",\"created_at\":\"2026-12-01T00:00:00Z\"}]")
        + "}";
  }
}
