package io.beadhub.reliability;

import io.beadhub.beads.RecordValidator;
import io.beadhub.common.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A generated repo export: {@code size} issues of about 1 KB, each with labels and dependencies. Every
 * record of version {@code v + 1} differs from version {@code v} (title, text, priority, labels, edges)
 * and is newer, so a full sync of the next version rewrites every row.
 */
record Snapshot(int version, int size) {
  /** What the database must hold for one issue of this snapshot. */
  record Row(String title, String contentHash, String labels, String deps) {
  }

  static String id(int i) {
    return "kill-" + i;
  }

  private Map<String, Object> record(int i) {
    Map<String, Object> r = new TreeMap<>();
    Instant updated = Instant.parse("2026-03-01T00:00:00Z").plusSeconds(60L * version);
    r.put("id", id(i));
    r.put("title", "v" + version + " issue " + i);
    r.put("description", ("Version " + version + " of issue " + i + ". ").repeat(30));
    r.put("status", i % 3 == 0 ? "in_progress" : "open");
    r.put("priority", (i + version) % 5);
    r.put("issue_type", "task");
    r.put("created_at", "2026-02-01T00:00:00Z");
    r.put("updated_at", updated.toString());
    r.put("labels", List.of("v" + version, "area-" + (i + version) % 7));
    String blocker = id((i + 1 + version) % size);
    var deps = new ArrayList<Map<String, Object>>();
    deps.add(Map.of("issue_id", id(i), "depends_on_id", blocker, "type", "blocks",
        "created_at", "2026-02-01T00:00:00Z", "created_by", "tester"));
    if (i % 10 != 0) {
      deps.add(Map.of("issue_id", id(i), "depends_on_id", id(i - i % 10), "type", "parent-child",
          "created_at", "2026-02-01T00:00:00Z", "created_by", "tester"));
    }
    r.put("dependencies", deps);
    return r;
  }

  String jsonl() {
    StringBuilder b = new StringBuilder(size * 1200);
    for (int i = 0; i < size; i++) {
      b.append(Json.string(record(i))).append('\n');
    }
    return b.toString();
  }

  /** By bead id, the row, labels and edges this snapshot leaves (labels and edges sorted, comma-joined). */
  @SuppressWarnings("unchecked")
  Map<String, Row> rows() {
    Map<String, Row> out = new TreeMap<>();
    for (int i = 0; i < size; i++) {
      Map<String, Object> r = record(i);
      TreeSet<String> labels = new TreeSet<>((List<String>) r.get("labels"));
      TreeSet<String> deps = new TreeSet<>();
      for (Map<String, Object> d : (List<Map<String, Object>>) r.get("dependencies")) {
        deps.add(d.get("type") + ":" + d.get("depends_on_id"));
      }
      out.put(id(i), new Row((String) r.get("title"), RecordValidator.contentHash(Json.tree(Json.string(r))),
          String.join(",", labels), String.join(",", deps)));
    }
    return out;
  }
}
