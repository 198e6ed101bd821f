package io.beadhub.sync;

import io.beadhub.auth.Access;
import io.beadhub.http.ApiError;
import io.beadhub.http.Router;

/** HTTP for the bdh routes (spec 40 §2, §3). */
public final class SyncRoutes {
  public static final long SYNC_LIMIT = 32L * 1024 * 1024;
  public static final long COMMAND_LIMIT = 64L * 1024;

  private SyncRoutes() {
  }

  /** 413 from {@code Content-Length} before the body is read; bodies without a length are checked after. */
  public static void limit(io.javalin.http.Context ctx, long max) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > max) {
      throw new ApiError(413, "Request body too large");
    }
  }

  public static void register(Router r, SyncService sync) {
    r.post("/v1/bdh/sync", Access.PROJECT, req -> {
      limit(req.ctx(), SYNC_LIMIT);
      if (req.ctx().bodyAsBytes().length > SYNC_LIMIT) {
        throw new ApiError(413, "Request body too large");
      }
      return sync.sync(req.caller(), BdhRequest.sync(req.body()));
    });
    r.post("/v1/bdh/command", Access.PROJECT, req -> {
      limit(req.ctx(), COMMAND_LIMIT);
      if (req.ctx().bodyAsBytes().length > COMMAND_LIMIT) {
        throw new ApiError(413, "Request body too large");
      }
      return sync.preflight(req.caller(), BdhRequest.command(req.body()));
    });
  }
}
