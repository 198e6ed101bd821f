package io.beadhub.dataplane;

import io.beadhub.common.Json;
import io.beadhub.common.Times;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Child order, buckets and the progress object of spec 60 §5.5. */
final class Molecules {
  private Molecules() {
  }

  static Map<String, Object> summary(Bead b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bead_id", b.beadId());
    m.put("repo", b.repo());
    m.put("branch", b.branch());
    m.put("title", b.title());
    m.put("status", b.status());
    m.put("priority", b.priority());
    m.put("type", b.type());
    m.put("assignee", b.assignee());
    m.put("labels", b.labels());
    m.put("created_at", Times.isoOffset(b.createdAt()));
    m.put("updated_at", Times.isoOffset(b.updatedAt()));
    m.put("ephemeral", b.ephemeral());
    m.put("blocked", b.blocked());
    return m;
  }

  static Map<String, Object> withReasons(Bead b) {
    Map<String, Object> m = summary(b);
    m.put("blocked_reasons", Json.tree(b.reasonsJson()));
    return m;
  }

  private static Long childNumber(String parent, String child) {
    if (!child.startsWith(parent + ".")) {
      return null;
    }
    String rest = child.substring(parent.length() + 1);
    if (rest.isEmpty() || rest.length() > 18 || !rest.chars().allMatch(Character::isDigit)) {
      return null;
    }
    return Long.parseLong(rest);
  }

  static List<Bead> ordered(Bead parent, List<Bead> children) {
    List<Bead> out = new ArrayList<>(children);
    Comparator<Bead> byTime = Comparator.comparing(Bead::createdAt, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(Bead::beadId).thenComparing(Bead::repo);
    out.sort((a, b) -> {
      Long na = childNumber(parent.beadId(), a.beadId());
      Long nb = childNumber(parent.beadId(), b.beadId());
      if (na != null && nb != null && !na.equals(nb)) {
        return Long.compare(na, nb);
      }
      return byTime.compare(a, b);
    });
    return out;
  }

  static String bucket(Bead c) {
    if (c.status().equals("closed")) {
      return "done";
    }
    if (c.status().equals("in_progress")) {
      return "in_progress";
    }
    if (c.stepReady()) {
      return "ready";
    }
    if ((c.status().equals("open") || c.status().equals("blocked")) && c.blocked()) {
      return "blocked";
    }
    return "other";
  }

  /** {total, done, in_progress, ready, blocked, other, percent} over ordered children; null for a leaf. */
  static Map<String, Object> counts(List<Bead> children) {
    if (children.isEmpty()) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    int done = 0, prog = 0, ready = 0, blocked = 0, other = 0;
    for (Bead c : children) {
      switch (bucket(c)) {
        case "done" -> done++;
        case "in_progress" -> prog++;
        case "ready" -> ready++;
        case "blocked" -> blocked++;
        default -> other++;
      }
    }
    int total = children.size();
    m.put("total", total);
    m.put("done", done);
    m.put("in_progress", prog);
    m.put("ready", ready);
    m.put("blocked", blocked);
    m.put("other", other);
    m.put("percent", total == 0 ? 0 : 100 * done / total);
    return m;
  }

  /** The progress object of §5.5.2 for a root and its ordered direct children. */
  static Map<String, Object> progress(Bead root, List<Bead> children) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("molecule_id", root.beadId());
    m.put("repo", root.repo());
    m.put("branch", root.branch());
    m.put("title", root.title());
    m.put("status", root.status());
    Map<String, Object> c = counts(children);
    if (c == null) {
      c = Map.of("total", 0, "done", 0, "in_progress", 0, "ready", 0, "blocked", 0, "other", 0, "percent", 0);
      for (String k : List.of("total", "done", "in_progress", "ready", "blocked", "other", "percent")) {
        m.put(k, c.get(k));
      }
    } else {
      m.putAll(c);
    }
    int total = (int) m.get("total");
    boolean complete = total > 0 && (int) m.get("done") == total;
    m.put("complete", complete);
    m.put("eligible_for_close", complete && !root.status().equals("closed"));
    Bead current = children.stream().filter(x -> x.status().equals("in_progress"))
        .min(Comparator.comparing(Bead::createdAt, Comparator.nullsLast(Comparator.naturalOrder()))).orElse(null);
    m.put("current_step", current == null ? null : summary(current));
    List<Map<String, Object>> ready = new ArrayList<>();
    List<Map<String, Object>> blocked = new ArrayList<>();
    java.time.Instant first = null, last = null;
    for (Bead x : children) {
      String b = bucket(x);
      if (b.equals("ready")) {
        ready.add(summary(x));
      } else if (b.equals("blocked")) {
        blocked.add(withReasons(x));
      } else if (b.equals("done") && x.closedAt() != null) {
        first = first == null || x.closedAt().isBefore(first) ? x.closedAt() : first;
        last = last == null || x.closedAt().isAfter(last) ? x.closedAt() : last;
      }
    }
    m.put("next_ready_step", ready.isEmpty() ? null : ready.get(0));
    m.put("ready_steps", ready);
    m.put("blocked_steps", blocked);
    m.put("first_closed", Times.isoOffset(first));
    m.put("last_closed", Times.isoOffset(last));
    return m;
  }
}
