package io.beadhub.attention;

import io.beadhub.common.Access;
import io.beadhub.http.RawJson;
import io.beadhub.http.Reply;
import io.beadhub.http.Router;
import java.util.Map;

/** {@code GET /v1/attention}: 304 when the caller's {@code If-None-Match} is the current tag. */
public final class AttentionRoutes {
  private AttentionRoutes() {
  }

  public static void register(Router r, AttentionService s) {
    r.get("/v1/attention", Access.ACTOR, req -> {
      AttentionService.Attention a = s.of(req.caller());
      String ifNoneMatch = req.ctx().header("If-None-Match");
      if (ifNoneMatch != null && ifNoneMatch.contains(a.etag())) {
        return new Reply(304, null, Map.of("ETag", a.etag()));
      }
      return new Reply(200, new RawJson(a.json()), Map.of("ETag", a.etag(), "Cache-Control", "no-cache"));
    });
  }
}
