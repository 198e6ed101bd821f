package io.beadhub.sync;

import io.beadhub.common.Access;
import io.beadhub.http.Body;
import io.beadhub.http.Router;
import java.util.Set;

/** HTTP for the bdh routes (spec 40 §2, §3). */
public final class SyncRoutes {
  public static final long SYNC_LIMIT = 32L * 1024 * 1024;
  public static final long COMMAND_LIMIT = 64L * 1024;
  /** The JSONL fields hold records, each validated on its own (a bad one is rejected, spec 40 §1.3). */
  private static final Body.Records JSONL_FIELDS = new Body.Records(Set.of("issues_jsonl", "changed_issues"), null);

  private SyncRoutes() {
  }

  public static void register(Router r, SyncService sync, PreflightService preflight, SyncMeter meter) {
    r.post("/v1/bdh/sync", Access.PROJECT, SYNC_LIMIT, req -> {
      BdhRequest b = BdhRequest.sync(req.body(JSONL_FIELDS));
      long start = System.nanoTime();
      SyncService.SyncResponse out = sync.sync(req.caller(), b);
      meter.synced(b.full() ? "full" : "incremental", out.stats().received(), System.nanoTime() - start);
      return out;
    }).returns(SyncService.SyncResponse.class).accepts(SyncRequests.Sync.class);
    r.post("/v1/bdh/command", Access.PROJECT, COMMAND_LIMIT,
        req -> preflight.preflight(req.caller(), BdhRequest.command(req.body())))
        .returns(PreflightService.PreflightResponse.class).accepts(SyncRequests.Command.class);
  }
}
