package io.beadhub.claims;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.beads.Formats;
import io.beadhub.common.Access;
import io.beadhub.common.ApiError;
import io.beadhub.common.Cursor;
import io.beadhub.common.Json;
import io.beadhub.common.Times;
import io.beadhub.common.Uuids;
import io.beadhub.db.Database;
import io.beadhub.http.Query;
import io.beadhub.http.Router;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code GET /v1/claims} (spec 40 §4.6). */
public final class ClaimRoutes {
  private ClaimRoutes() {
  }

  public static void register(Router r, Database db) {
    r.get("/v1/claims", Access.PUBLIC, req -> {
      Query q = req.query();
      String ws = q.str("workspace_id");
      UUID workspace = ws == null || ws.isEmpty() ? null
          : Uuids.parse(ws).orElseThrow(() -> ApiError.unprocessable("Invalid workspace_id format"));
      String repo = q.str("repo");
      if (repo != null && !Formats.isRepo(repo)) {
        throw ApiError.unprocessable("Invalid repo: " + Formats.first(repo, 50));
      }
      String bead = q.filter("bead_id", 255);
      int limit = q.integer("limit", 50, 1, 200);
      ObjectNode c = Cursor.decode(q.str("cursor"));
      OffsetDateTime afterTime = null;
      UUID afterId = null;
      if (c != null && c.hasNonNull("claimed_at")) {
        try {
          afterTime = OffsetDateTime.parse(c.get("claimed_at").asText());
        } catch (RuntimeException e) {
          throw ApiError.unprocessable("Invalid cursor: bad timestamp (" + c.get("claimed_at").asText() + ")");
        }
        if (c.hasNonNull("id")) {
          afterId = Uuids.parse(c.get("id").asText())
              .orElseThrow(() -> ApiError.unprocessable("Invalid cursor: bad id"));
        }
      }
      UUID project = req.caller().projectId();
      OffsetDateTime t = afterTime;
      UUID aid = afterId;
      List<ClaimStore.Claim> rows = db.read(h -> ClaimStore.list(h, project, workspace, repo, bead, t, aid, limit + 1));
      boolean more = rows.size() > limit;
      List<ClaimStore.Claim> page = more ? rows.subList(0, limit) : rows;
      List<Map<String, Object>> claims = new ArrayList<>();
      for (ClaimStore.Claim x : page) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bead_id", x.beadId());
        m.put("workspace_id", x.workspaceId().toString());
        m.put("alias", x.alias());
        m.put("human_name", x.humanName());
        m.put("claimed_at", Times.isoOffset(x.claimedAt()));
        m.put("project_id", project.toString());
        m.put("repo", x.repo());
        claims.add(m);
      }
      String next = null;
      if (more) {
        ClaimStore.Claim last = page.get(page.size() - 1);
        ObjectNode n = Json.object();
        n.put("claimed_at", last.claimedAt().toString());
        n.put("id", last.id().toString());
        next = Cursor.encode(n);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("claims", claims);
      out.put("has_more", more);
      out.put("next_cursor", next);
      return out;
    });
  }
}
