package io.beadhub.http;

import io.beadhub.common.Access;
import io.beadhub.common.Caller;
import io.javalin.http.Context;

/** Who a request is from, checked against what its route requires (spec 10 §0.4 steps 1–3). */
public interface Authentication {
  /** The caller, or null on routes that need none; throws the route's 401/403/404. */
  Caller caller(Context ctx, Access access);
}
