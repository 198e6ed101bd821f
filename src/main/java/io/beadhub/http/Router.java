package io.beadhub.http;

import io.beadhub.common.Access;
import io.beadhub.common.Caller;
import io.beadhub.common.CleanText;
import io.beadhub.common.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Registers routes with Javalin and remembers them, so a known path with the wrong method answers
 * 405 with {@code Allow} (spec 10 §0.3). Each route declares its {@link Access} and may declare a body
 * cap above {@link BodyLimit#DEFAULT}. Before the handler, in this order: the checks of spec 10 §0.4
 * steps 1–3, the body cap against the declared length, and the query and path parameters, which must
 * be {@link CleanText clean}. Nothing of the body is read before the caller is authenticated.
 */
public final class Router {
  /**
   * A registered route, as the route table lists it; {@code request}/{@code response} are the body types it
   * declared ({@link RouteSpec}), null when undeclared, and {@code stream} the kind of event stream it answers.
   */
  public record Route(String method, String path, Access access, long maxBody, Type request, String requestMedia,
                      boolean noBody, Type response, String stream, String summary) {
  }

  private record Known(String method, String[] segments) {
  }

  private record Registered(String method, String path, Access access, long maxBody, RouteSpec spec) {
  }

  /** The request attributes the {@link RequestListener}s read: the route template and the caller. */
  static final String ROUTE = "beadhub.route";
  static final String CALLER = "beadhub.caller";

  private final RoutesConfig routes;
  private final Authentication auth;
  private final RequestListener listener;
  private final List<Known> known = new ArrayList<>();
  private final List<Registered> table = new ArrayList<>();

  public Router(RoutesConfig routes, Authentication auth, RequestListener listener) {
    this.routes = routes;
    this.auth = auth;
    this.listener = listener;
  }

  public RouteSpec get(String path, Access access, Endpoint e) {
    return add("GET", path, access, BodyLimit.DEFAULT, e);
  }

  public RouteSpec post(String path, Access access, Endpoint e) {
    return add("POST", path, access, BodyLimit.DEFAULT, e);
  }

  /** A route whose bodies may be up to {@code maxBody} bytes. */
  public RouteSpec post(String path, Access access, long maxBody, Endpoint e) {
    return add("POST", path, access, maxBody, e);
  }

  public RouteSpec put(String path, Access access, Endpoint e) {
    return add("PUT", path, access, BodyLimit.DEFAULT, e);
  }

  public RouteSpec patch(String path, Access access, Endpoint e) {
    return add("PATCH", path, access, BodyLimit.DEFAULT, e);
  }

  public RouteSpec delete(String path, Access access, Endpoint e) {
    return add("DELETE", path, access, BodyLimit.DEFAULT, e);
  }

  /** Every registered route, in registration order. */
  public List<Route> routes() {
    return table.stream().map(r -> new Route(r.method, r.path, r.access, r.maxBody, r.spec.request(),
        r.spec.requestMedia(), r.spec.noBody(), r.spec.response(), r.spec.streamKind(), r.spec.summary())).toList();
  }

  /**
   * A GET that answers paths no API route owns (the dashboard's client-side routes). It is not listed in
   * the 405 answers, so an API path with the wrong method still gets its 405, and it must be registered
   * after every API route (Javalin answers with the first matching route).
   */
  public Router fallbackGet(String path, Endpoint e) {
    routes.get(path, handler(path, Access.NONE, BodyLimit.DEFAULT, new RouteSpec(), e));
    return this;
  }

  private RouteSpec add(String method, String path, Access access, long maxBody, Endpoint e) {
    RouteSpec spec = new RouteSpec();
    known.add(new Known(method, split(path)));
    table.add(new Registered(method, path, access, maxBody, spec));
    io.javalin.http.Handler h = handler(path, access, maxBody, spec, e);
    switch (method) {
      case "GET" -> routes.get(path, h);
      case "POST" -> routes.post(path, h);
      case "PUT" -> routes.put(path, h);
      case "PATCH" -> routes.patch(path, h);
      case "DELETE" -> routes.delete(path, h);
      default -> throw new IllegalArgumentException(method);
    }
    return spec;
  }

  private io.javalin.http.Handler handler(String path, Access access, long maxBody, RouteSpec spec, Endpoint e) {
    return ctx -> {
      long start = System.nanoTime();
      ctx.attribute(ROUTE, path);
      Caller caller = auth.caller(ctx, access);
      ctx.attribute(CALLER, caller);
      BodyLimit.checkDeclared(ctx, maxBody);
      checkParams(ctx);
      String stream = spec.streamKind();
      Object out;
      if (stream == null) {
        out = e.handle(new Req(ctx, caller, maxBody));
      } else {
        // A stream's handler runs for the stream's whole life: that is when the stream is open.
        listener.streamOpened(stream);
        try {
          out = e.handle(new Req(ctx, caller, maxBody));
        } finally {
          listener.streamClosed(stream);
        }
      }
      if (out != Reply.HANDLED) {
        ctx.header("Server-Timing", serverTiming(start));
      }
      respond(ctx, out);
    };
  }

  /** Query and path parameters must be clean text: 422 at {@code ["query", name]} / {@code ["path", name]}. */
  private static void checkParams(Context ctx) {
    for (Map.Entry<String, List<String>> q : ctx.queryParamMap().entrySet()) {
      for (String v : q.getValue()) {
        if (!CleanText.isClean(v) || !CleanText.isClean(q.getKey())) {
          throw ValidationError.unclean(List.of("query", q.getKey()), v);
        }
      }
    }
    for (Map.Entry<String, String> p : ctx.pathParamMap().entrySet()) {
      if (!CleanText.isClean(p.getValue())) {
        throw ValidationError.unclean(List.of("path", p.getKey()), p.getValue());
      }
    }
  }

  /**
   * The {@code Server-Timing} value of a request handled since {@code start}: the time from the handler's
   * start (headers received) to the response about to be written, so clients and benchmarks can tell
   * server time from transfer time.
   */
  static String serverTiming(long start) {
    long hundredths = (System.nanoTime() - start) / 10_000;
    long frac = hundredths % 100;
    return "app;dur=" + hundredths / 100 + (frac < 10 ? ".0" : ".") + frac;
  }

  static void respond(Context ctx, Object out) {
    if (out == Reply.HANDLED) {
      return;
    }
    int status = 200;
    Object body = out;
    if (out instanceof Reply r) {
      status = r.status();
      body = r.body();
      r.headers().forEach(ctx::header);
    }
    ctx.status(status);
    if (body != null) {
      write(ctx, body instanceof RawJson raw ? raw.bytes() : Json.bytes(body));
    }
  }

  /**
   * Writes a JSON body straight to the servlet response: Javalin's result path wraps every body in
   * a compression stream whose first-write header checks cost more than the rest of a small response.
   */
  static void write(Context ctx, byte[] json) {
    var res = ctx.res();
    res.setContentType("application/json");
    res.setContentLength(json.length);
    try {
      res.getOutputStream().write(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Methods registered for a path, for the 405 answer; empty when the path is unknown. */
  public Set<String> allowed(String path) {
    String[] segs = split(path);
    Set<String> out = new TreeSet<>();
    int best = -1;
    for (Known r : known) {
      if (!matches(r.segments, segs)) {
        continue;
      }
      // Literal routes win over parameter routes (GET /v1/agents/heartbeat allows POST only).
      int literal = literals(r.segments);
      if (literal > best) {
        out.clear();
        best = literal;
      }
      if (literal == best) {
        out.add(r.method);
      }
    }
    return out;
  }

  private static int literals(String[] pattern) {
    int n = 0;
    for (String p : pattern) {
      if (!p.startsWith("{") && !p.startsWith("<")) {
        n++;
      }
    }
    return n;
  }

  private static boolean matches(String[] pattern, String[] segs) {
    if (pattern.length != segs.length) {
      return false;
    }
    for (int i = 0; i < pattern.length; i++) {
      boolean param = pattern[i].startsWith("{") || pattern[i].startsWith("<");
      if (!param && !pattern[i].equals(segs[i])) {
        return false;
      }
      if (param && segs[i].isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private static String[] split(String path) {
    String p = path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.split("/", -1);
  }
}
