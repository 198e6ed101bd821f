package io.beadhub.init;

import io.beadhub.auth.Access;
import io.beadhub.http.Router;

/** {@code POST /v1/init} (spec 10 §7.1). */
public final class InitRoutes {
  private InitRoutes() {
  }

  public static void register(Router r, InitService service) {
    r.post("/v1/init", Access.NONE, req -> service.init(InitRequest.parse(req.body()), req.ip()));
  }
}
