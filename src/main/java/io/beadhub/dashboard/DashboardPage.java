package io.beadhub.dashboard;

import io.beadhub.common.Access;
import io.beadhub.common.ApiError;
import io.beadhub.http.Reply;
import io.beadhub.http.Router;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Serves the dashboard's page for {@code /} and every client-side route, and its assets under
 * {@code /assets/<content hash>/} (spec 80 §1). API paths keep their JSON 404/405 answers.
 */
final class DashboardPage {
  /** No inline script or style, no eval, nothing from another origin, never framed. */
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
      + "frame-ancestors 'none'";
  /** Paths the page never answers: the API's, and assets (a missing asset is a 404, not the page). */
  private static final List<String> NOT_PAGES = List.of("/v1", "/health", "/mcp", "/metrics", "/assets");

  private DashboardPage() {
  }

  static void register(Router r, DashboardAssets assets) {
    r.get("/assets/{version}/<name>", Access.NONE, req -> {
      Context ctx = req.ctx();
      DashboardAssets.Asset a = assets.find(ctx.pathParam("version"), ctx.pathParam("name"))
          .orElseThrow(() -> ApiError.notFound("Not Found"));
      boolean gzip = accepts(ctx.header("Accept-Encoding"));
      ctx.header("Cache-Control", "public, max-age=31536000, immutable");
      ctx.header("X-Content-Type-Options", "nosniff");
      ctx.header("Vary", "Accept-Encoding");
      if (gzip) {
        ctx.header("Content-Encoding", "gzip");
      }
      write(ctx, a.contentType(), gzip ? a.gzipped() : a.bytes());
      return Reply.HANDLED;
    }).summary("The dashboard's static files (not JSON)");
    r.fallbackGet("/", req -> page(req.ctx(), assets));
    r.fallbackGet("/<path>", req -> page(req.ctx(), assets));
  }

  private static Object page(Context ctx, DashboardAssets assets) {
    String path = ctx.path();
    for (String prefix : NOT_PAGES) {
      if (path.equals(prefix) || path.startsWith(prefix + "/")) {
        throw new NotFoundResponse();
      }
    }
    ctx.header("Cache-Control", "no-cache");
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    write(ctx, "text/html; charset=utf-8", assets.page());
    return Reply.HANDLED;
  }

  private static boolean accepts(String acceptEncoding) {
    return acceptEncoding != null && acceptEncoding.toLowerCase(java.util.Locale.ROOT).contains("gzip");
  }

  private static void write(Context ctx, String contentType, byte[] bytes) {
    var res = ctx.res();
    res.setStatus(200);
    res.setContentType(contentType);
    res.setContentLength(bytes.length);
    try {
      res.getOutputStream().write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
