package io.beadhub.http;

import io.beadhub.common.ApiError;
import io.beadhub.common.Json;
import io.beadhub.common.Uuids;
import io.beadhub.db.DatabaseUnavailable;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Javalin on Jetty 12 with virtual threads, and the global rules of spec README: error bodies,
 * 404/405 by routing before credentials, trailing-slash variants, never a stack trace to a client.
 */
public final class HttpServer {
  private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
  /**
   * The most of a refused body that is read and discarded so its sender hears the answer; above every
   * route's cap ({@link BodyLimit}). Also Javalin's own limit, should anything read a body through it.
   */
  public static final long MAX_REQUEST_BYTES = 64L * 1024 * 1024;

  private HttpServer() {
  }

  /** The server of {@code features}' routes; {@code listener} hears of every answered request and stream. */
  public static Javalin create(Authentication auth, RequestListener listener, List<Consumer<Router>> features) {
    Router[] router = new Router[1];
    return Javalin.create(c -> {
      c.concurrency.useVirtualThreads = true;
      c.router.ignoreTrailingSlashes = true;
      c.router.treatMultipleSlashesAsSingleSlash = false;
      c.http.maxRequestSize = MAX_REQUEST_BYTES;
      c.http.generateEtags = false;
      // Responses are small JSON on loopback/LAN; gzip costs more CPU than it saves.
      c.http.compressionStrategy = io.javalin.compression.CompressionStrategy.NONE;
      c.startup.showJavalinBanner = false;
      c.startup.showOldJavalinVersionWarning = false;
      c.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
      c.router.javaLangErrorHandler((res, err) -> {
        log.error("fatal error while serving a request", err);
        writeRaw(res, 500, Json.bytes(Map.of("detail", "Internal Server Error")));
      });
      c.requestLogger.http((ctx, ms) -> {
        if (log.isDebugEnabled()) {
          log.debug("{} {} -> {} in {} ms", ctx.method(), ctx.path(), ctx.statusCode(), String.format("%.1f", ms));
        }
        if (listener != RequestListener.NONE) {
          String route = ctx.attribute(Router.ROUTE);
          listener.finished(new RequestListener.Exchange(ctx.method().name(),
              route == null ? RequestListener.UNMATCHED : route, ctx.statusCode(), ms, ctx.attribute(Router.CALLER)));
        }
      });
      c.routes.before(ctx -> {
        String id = Uuids.label().toString();
        ctx.attribute("request_id", id);
        ctx.header("X-Request-ID", id);
      });
      router[0] = new Router(c.routes, auth, listener);
      OpenApi.register(router[0]); // first: the dashboard's fallback GET must come after every API route
      features.forEach(f -> f.accept(router[0]));

      c.routes.exception(ApiError.class, (e, ctx) -> {
        e.headers().forEach(ctx::header);
        error(ctx, e.status(), e.detail(), e.extra());
      });
      c.routes.exception(ValidationError.class, (e, ctx) -> error(ctx, 422, e.items()));
      c.routes.exception(HttpResponseException.class, (e, ctx) -> {
        if (e.getStatus() == 404) {
          notFoundOr405(ctx, router[0]);
        } else {
          error(ctx, e.getStatus(), e.getMessage());
        }
      });
      c.routes.exception(Exception.class, (e, ctx) -> {
        if (DatabaseUnavailable.is(e)) {
          unavailable(ctx, e);
          return;
        }
        String id = ctx.attribute("request_id");
        MDC.put("request_id", id);
        try {
          log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
        } finally {
          MDC.remove("request_id");
        }
        error(ctx, 500, "Internal Server Error");
      });
      c.routes.error(404, ctx -> {
        if (ctx.attribute("beadhub_error") == null) {
          notFoundOr405(ctx, router[0]);
        }
      });
      c.routes.error(405, ctx -> {
        if (ctx.attribute("beadhub_error") == null) {
          notFoundOr405(ctx, router[0]);
        }
      });
    });
  }

  /** A retryable 503: logged as one line, since during an outage every request lands here. */
  private static void unavailable(Context ctx, Exception e) {
    log.warn("database unavailable on {} {}: {}", ctx.method(), ctx.path(), DatabaseUnavailable.rootCause(e));
    ctx.header("Retry-After", Integer.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS));
    error(ctx, 503, DatabaseUnavailable.DETAIL);
  }

  private static void notFoundOr405(Context ctx, Router router) {
    Set<String> allowed = router.allowed(ctx.path());
    if (allowed.isEmpty()) {
      error(ctx, 404, "Not Found");
    } else {
      ctx.header("Allow", String.join(", ", allowed));
      error(ctx, 405, "Method Not Allowed");
    }
  }

  static void error(Context ctx, int status, Object detail) {
    error(ctx, status, detail, Map.of());
  }

  static void error(Context ctx, int status, Object detail, Map<String, Object> extra) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("detail", detail);
    body.putAll(extra);
    ctx.attribute("beadhub_error", Boolean.TRUE);
    ctx.status(status);
    if (ctx.res().isCommitted()) {
      return; // a stream already answered; nothing more can be said
    }
    ctx.res().resetBuffer();
    Router.write(ctx, Json.bytes(body));
    try {
      ctx.res().flushBuffer();
    } catch (java.io.IOException e) {
      return; // the client is gone
    }
    BodyLimit.discardRest(ctx);
  }

  private static void writeRaw(jakarta.servlet.http.HttpServletResponse res, int status, byte[] json) {
    if (res.isCommitted()) {
      return;
    }
    res.resetBuffer();
    res.setStatus(status);
    res.setContentType("application/json");
    res.setContentLength(json.length);
    try {
      res.getOutputStream().write(json);
    } catch (java.io.IOException ignored) {
      // the client is gone
    }
  }
}
