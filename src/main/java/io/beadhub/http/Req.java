package io.beadhub.http;

import io.beadhub.auth.Caller;
import io.beadhub.common.Uuids;
import io.javalin.http.Context;
import java.util.List;
import java.util.UUID;

/** One request as a handler sees it: the authenticated caller, the body, query and path. */
public final class Req {
  private final Context ctx;
  private final Caller caller;
  private Body body;

  public Req(Context ctx, Caller caller) {
    this.ctx = ctx;
    this.caller = caller;
  }

  public Context ctx() {
    return ctx;
  }

  /** The caller; null only on routes with {@code Access.NONE}/{@code OPTIONAL}. */
  public Caller caller() {
    return caller;
  }

  public Body body() {
    if (body == null) {
      body = Body.parse(ctx.bodyAsBytes());
    }
    return body;
  }

  public Query query() {
    return new Query(ctx);
  }

  public String path(String name) {
    return ctx.pathParam(name);
  }

  /** A path UUID; malformed → 422 (validation) with {@code message} at {@code ["path", name]}. */
  public UUID pathUuid(String name, String message) {
    String raw = ctx.pathParam(name);
    return Uuids.parse(raw).orElseThrow(() -> ValidationError.path(name, message, raw));
  }

  /** A path UUID; malformed → 422 with a plain-string detail. */
  public UUID pathUuidPlain(String name, String message) {
    String raw = ctx.pathParam(name);
    return Uuids.parse(raw).orElseThrow(() -> ApiError.unprocessable(message));
  }

  /** The TCP peer address (X-Forwarded-For is not trusted, spec 10 §8). */
  public String ip() {
    String ip = ctx.req().getRemoteAddr();
    return ip == null || ip.isEmpty() ? "unknown" : ip;
  }

  public static ValidationError missing(String where, String field) {
    return ValidationError.of("missing", List.of(where, field), "Field required", null);
  }
}
