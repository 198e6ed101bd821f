package io.beadhub.dataplane;

import io.beadhub.common.Json;
import io.beadhub.common.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Child order, buckets and the progress object of spec 60 §5.5. */
final class Molecules {
  private Molecules() {
  }

  static DataPlaneViews.Summary summary(Bead b) {
    return new DataPlaneViews.Summary(b.beadId(), b.repo(), b.branch(), b.title(), b.status(), b.priority(), b.type(),
        b.assignee(), b.labels(), Times.isoOffset(b.createdAt()), Times.isoOffset(b.updatedAt()), b.ephemeral(),
        b.blocked());
  }

  static DataPlaneViews.BlockedStep withReasons(Bead b) {
    return new DataPlaneViews.BlockedStep(summary(b), Json.tree(b.reasonsJson()));
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

  /** The counts over ordered children; null for a leaf. */
  static DataPlaneViews.Counts counts(List<Bead> children) {
    if (children.isEmpty()) {
      return null;
    }
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
    return new DataPlaneViews.Counts(total, done, prog, ready, blocked, other, 100 * done / total);
  }

  /** The progress object of §5.5.2 for a root and its ordered direct children. */
  static DataPlaneViews.Progress progress(Bead root, List<Bead> children) {
    DataPlaneViews.Counts c = children.isEmpty() ? DataPlaneViews.Counts.NONE : counts(children);
    boolean complete = c.total() > 0 && c.done() == c.total();
    Bead current = children.stream().filter(x -> x.status().equals("in_progress"))
        .min(Comparator.comparing(Bead::createdAt, Comparator.nullsLast(Comparator.naturalOrder()))).orElse(null);
    List<DataPlaneViews.Summary> ready = new ArrayList<>();
    List<DataPlaneViews.BlockedStep> blocked = new ArrayList<>();
    Instant first = null, last = null;
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
    return new DataPlaneViews.Progress(root.beadId(), root.repo(), root.branch(), root.title(), root.status(), c,
        complete, complete && !root.status().equals("closed"), current == null ? null : summary(current),
        ready.isEmpty() ? null : ready.get(0), ready, blocked, Times.isoOffset(first), Times.isoOffset(last));
  }
}
