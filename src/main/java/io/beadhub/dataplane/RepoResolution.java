package io.beadhub.dataplane;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What resolution anywhere in a project reads of one repo (spec 60 §4.3): whether it is known (has a live
 * row) and its id prefix (the most frequent prefix of its live rows, the smallest on a tie, as
 * {@code beads.Graph} picks it). A write that leaves both as they were changes resolution only for
 * references to the ids it wrote.
 */
record RepoResolution(boolean known, String prefix) {
  /** From the repo's live counts by prefix (rows of beads.repo_prefixes; counts of zero are ignored). */
  static RepoResolution of(List<Map.Entry<String, Long>> counts) {
    TreeMap<String, Long> live = new TreeMap<>();
    counts.forEach(e -> {
      if (e.getValue() > 0) {
        live.put(e.getKey(), e.getValue());
      }
    });
    String best = null;
    long max = -1;
    for (var e : live.entrySet()) {
      if (e.getValue() > max) {
        max = e.getValue();
        best = e.getKey();
      }
    }
    return new RepoResolution(!live.isEmpty(), best);
  }
}
