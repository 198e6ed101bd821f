package io.beadhub.sync;

import io.beadhub.auth.Access;
import io.beadhub.http.ApiError;
import io.beadhub.http.BodyLimit;
import io.beadhub.http.Router;

/** HTTP for the bdh routes (spec 40 §2, §3). */
public final class SyncRoutes {
  public static final long SYNC_LIMIT = 32L * 1024 * 1024;
  public static final long COMMAND_LIMIT = 64L * 1024;

  private SyncRoutes() {
  }

  public static void register(Router r, SyncService sync) {
    r.post("/v1/bdh/sync", Access.PROJECT, req -> {
      BodyLimit.check(req.ctx(), SYNC_LIMIT);
      return sync.sync(req.caller(), BdhRequest.sync(req.body()));
    });
    r.post("/v1/bdh/command", Access.PROJECT, req -> {
      BodyLimit.check(req.ctx(), COMMAND_LIMIT);
      return sync.preflight(req.caller(), BdhRequest.command(req.body()));
    });
  }
}
