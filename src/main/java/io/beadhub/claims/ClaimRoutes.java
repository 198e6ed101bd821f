package io.beadhub.claims;

import io.beadhub.beads.Formats;
import io.beadhub.common.Access;
import io.beadhub.common.ApiError;
import io.beadhub.common.Uuids;
import io.beadhub.http.Query;
import io.beadhub.http.Router;
import java.util.UUID;

/** {@code GET /v1/claims} (spec 40 §4.6). */
public final class ClaimRoutes {
  private ClaimRoutes() {
  }

  public static void register(Router r, ClaimService claims) {
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
      return claims.list(req.caller().projectId(), new ClaimService.ClaimQuery(workspace, repo, bead,
          q.str("cursor"), limit));
    }).returns(ClaimService.ClaimList.class);
  }
}
