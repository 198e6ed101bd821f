package io.beadhub.auth;

import io.beadhub.common.Access;
import io.beadhub.http.Router;

/** {@code GET /v1/auth/introspect} (spec 10 §7.2). Nothing else under {@code /v1/auth} is served. */
public final class AuthRoutes {
  private AuthRoutes() {
  }

  public static void register(Router r, AuthService s) {
    r.get("/v1/auth/introspect", Access.CREDENTIAL, req -> s.introspect(req.caller()))
        .returns(AuthService.Introspection.class);
  }
}
