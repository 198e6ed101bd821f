package io.beadhub.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * Per-route body size limits: 413 {@code Request body too large}. A declared {@code Content-Length}
 * over the limit is refused before anything is buffered; the body is then read and discarded (up to
 * the server-wide cap) so that the client, still sending, can read the answer instead of seeing a
 * broken connection. A body sent without a length is read, then checked.
 */
public final class BodyLimit {
  private BodyLimit() {
  }

  public static void check(Context ctx, long max) {
    if (ctx.req().getContentLengthLong() > max) {
      drain(ctx);
      throw new ApiError(413, "Request body too large");
    }
    if (ctx.bodyAsBytes().length > max) {
      throw new ApiError(413, "Request body too large");
    }
  }

  private static void drain(Context ctx) {
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    try {
      InputStream in = ctx.req().getInputStream();
      int n;
      while (total <= HttpServer.MAX_REQUEST_BYTES && (n = in.read(buf)) >= 0) {
        total += n;
      }
    } catch (IOException ignored) {
      // the client gave up; the answer goes nowhere anyway
    }
  }
}
