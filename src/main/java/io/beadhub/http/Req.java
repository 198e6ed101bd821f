package io.beadhub.http;

import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Uuids;
import io.javalin.http.Context;
import java.util.List;
import java.util.UUID;

/** One request as a handler sees it: the authenticated caller, the body, query and path. */
public final class Req {
  private final Context ctx;
  private final Caller caller;
  private final long maxBody;
  private byte[] bytes;
  private Body body;

  /** {@code maxBody}: the route's body cap ({@link BodyLimit}). */
  public Req(Context ctx, Caller caller, long maxBody) {
    this.ctx = ctx;
    this.caller = caller;
    this.maxBody = maxBody;
  }

  public Context ctx() {
    return ctx;
  }

  /** The caller; null only on routes with {@code Access.NONE}/{@code OPTIONAL}. */
  public Caller caller() {
    return caller;
  }

  /** The body as a JSON object; every string in it must be clean ({@link CleanText}). */
  public Body body() {
    return body(Body.Records.NONE);
  }

  /** The body as a JSON object whose {@code records} fields the route validates record by record. */
  public Body body(Body.Records records) {
    if (body == null) {
      body = Body.parse(bytes(), records);
    }
    return body;
  }

  /** The raw body, read once, at most the route's cap (413 above it). */
  public byte[] bytes() {
    if (bytes == null) {
      bytes = BodyLimit.read(ctx, maxBody);
    }
    return bytes;
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
