package io.beadhub.init;

import io.beadhub.auth.Authenticator;
import io.beadhub.common.Access;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.http.Req;
import io.beadhub.http.Router;

/**
 * {@code POST /v1/init} (spec 10 §7.1). The rate limit counts the request before its body is read, so a
 * flood of bodies costs no parsing. Credentials are optional: they matter only as the proof that a
 * caller asking for a key of an existing alias is that agent.
 */
public final class InitRoutes {
  private InitRoutes() {
  }

  public static void register(Router r, InitService service, Authenticator auth) {
    r.post("/v1/init", Access.NONE, req -> {
      service.countRequest(req.ip());
      InitRequest body = InitRequest.parse(req.body());
      return service.init(body, presented(req, auth));
    });
  }

  /** The caller the request's credentials prove, or null (none sent, or not valid: no proof either way). */
  private static Caller presented(Req req, Authenticator auth) {
    if (!auth.hasCredentials(req.ctx())) {
      return null;
    }
    try {
      return auth.authenticate(req.ctx());
    } catch (ApiError e) {
      if (e.status() == 401) {
        return null;
      }
      throw e;
    }
  }
}
