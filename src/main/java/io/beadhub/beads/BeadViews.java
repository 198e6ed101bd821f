package io.beadhub.beads;

import io.beadhub.common.Json;
import io.beadhub.common.Times;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The response shapes of the bead reads (spec 40 §5, 60 §4.6), shared by {@code /v1/beads} and the MCP
 * tools that answer the same views ({@code get_ready_issues}, {@code get_issue}).
 */
public final class BeadViews {
  private BeadViews() {
  }

  /** {@code GET /v1/beads/ready}: the ready issues and their count. */
  public static Map<String, Object> ready(List<BeadsService.Ready> ready) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (BeadsService.Ready x : ready) {
      BeadsStore.Row row = x.row();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("bead_id", row.beadId());
      m.put("repo", row.repo());
      m.put("branch", row.branch());
      m.put("title", row.title());
      m.put("status", row.status());
      m.put("priority", row.priority());
      m.put("type", row.type());
      m.put("blocked_by", List.of());
      m.put("current_reservation", null);
      m.put("assignee", row.assignee());
      m.put("labels", row.labels().isEmpty() ? null : row.labels());
      m.put("created_at", Times.isoOffset(row.createdAt()));
      m.put("parent_id", jsonOr(row.parentJson(), null));
      Map<String, String> by = null;
      if (x.claimedBy() != null) {
        by = new LinkedHashMap<>();
        by.put("workspace_id", x.claimedBy()[0]);
        by.put("alias", x.claimedBy()[1]);
      }
      m.put("claimed_by", by);
      items.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("issues", items);
    out.put("count", items.size());
    return out;
  }

  /** {@code GET /v1/beads/issues/{bead_id}}: one issue with its reasons and other places; the record if full. */
  public static Map<String, Object> detail(BeadsService.Detail d, boolean full) {
    Map<String, Object> item = item(d.row(), false);
    item.remove("reservations");
    item.put("project_id", d.projectId().toString());
    item.put("description", d.row().description());
    List<Map<String, String>> also = new ArrayList<>();
    for (String[] a : d.alsoIn()) {
      Map<String, String> one = new LinkedHashMap<>();
      one.put("repo", a[0]);
      one.put("branch", a[1]);
      also.add(one);
    }
    item.put("also_in", also);
    item.put("blocked_reasons", jsonOr(d.row().reasonsJson(), List.of()));
    if (full) {
      item.put("record", Json.tree(d.row().raw()));
    }
    return item;
  }

  private static Object jsonOr(String json, Object dflt) {
    return json == null ? dflt : Json.tree(json);
  }

  static Map<String, Object> item(BeadsStore.Row row, boolean full) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bead_id", row.beadId());
    m.put("repo", row.repo());
    m.put("branch", row.branch());
    m.put("title", row.title());
    m.put("status", row.status());
    m.put("priority", row.priority());
    m.put("type", row.type());
    m.put("assignee", row.assignee());
    m.put("created_by", row.createdBy());
    m.put("labels", row.labels().isEmpty() ? null : row.labels());
    m.put("blocked_by", jsonOr(row.blockedByJson(), List.of()));
    m.put("parent_id", jsonOr(row.parentJson(), null));
    m.put("created_at", Times.isoOffset(row.createdAt()));
    m.put("updated_at", Times.isoOffset(row.updatedAt()));
    m.put("current_reservation", null);
    m.put("reservations", List.of());
    m.put("blocked", row.blocked());
    m.put("source", row.source());
    m.put("removed_at", Times.isoOffset(row.deletedAt()));
    m.put("removal_reason", row.removalReason());
    if (full && row.raw() != null) {
      m.put("record", Json.tree(row.raw()));
    }
    return m;
  }
}
