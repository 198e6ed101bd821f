package io.beadhub.http;

import io.beadhub.common.ApiError;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Request body caps: 413 {@code Request body too large}. Every route has one ({@link #DEFAULT} unless
 * it declares more). A declared {@code Content-Length} over the cap is refused before anything is read;
 * a body sent without a length is read up to the cap and refused as soon as it goes over. (After any
 * error answer, the rest of the body is discarded unread: {@link #discardRest}.)
 */
public final class BodyLimit {
  /** The cap of a route that declares none. */
  public static final long DEFAULT = 1024L * 1024;
  public static final String TOO_LARGE = "Request body too large";
  private static final int CHUNK = 64 * 1024;

  private BodyLimit() {
  }

  /** 413 when the declared length is over {@code max}; nothing is buffered. */
  static void checkDeclared(Context ctx, long max) {
    if (ctx.req().getContentLengthLong() > max) {
      throw new ApiError(413, TOO_LARGE);
    }
  }

  /** The whole body, never holding more than {@code max} bytes of it. */
  static byte[] read(Context ctx, long max) {
    checkDeclared(ctx, max);
    long declared = ctx.req().getContentLengthLong();
    try {
      InputStream in = ctx.req().getInputStream();
      if (declared >= 0) {
        return in.readNBytes((int) declared);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[CHUNK];
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (out.size() + (long) n > max) {
          throw new ApiError(413, TOO_LARGE);
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      // the client went away mid-body (or sent less than it declared)
      throw ApiError.badRequest("Request body could not be read");
    }
  }

  /**
   * Reads what is left of the body, holding none of it (up to {@link HttpServer#MAX_REQUEST_BYTES}), after
   * an answer given without reading it (401, 413, 404...). A client still sending then reads the answer:
   * a connection closed on unread data is reset, and the reset can destroy the answer in flight.
   */
  static void discardRest(Context ctx) {
    byte[] buf = new byte[CHUNK];
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
