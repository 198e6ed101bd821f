package io.beadhub.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.CleanText;
import io.beadhub.common.Json;
import io.beadhub.http.Reply;
import io.beadhub.http.Req;
import io.beadhub.pubsub.PubSub;
import io.javalin.http.Context;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Streamable HTTP transport of spec 90 §1 in front of the SDK's sessions: checks what the transport
 * spec leaves to the server (Origin, media types, the session header, JSON-RPC framing), then hands each
 * message to its session and writes what the session answers. The caller is authenticated by the router.
 */
public final class McpTransport implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(McpTransport.class);
  static final String SESSION_HEADER = "Mcp-Session-Id";
  static final String CANCEL = "mcp:cancel";
  static final String CANCELLED = "notifications/cancelled";
  private static final long GET_KEEPALIVE_MILLIS = 15_000;

  private final McpSessions sessions;
  private final McpJsonMapper mapper;
  private final PubSub pubsub;
  /** Requests in flight by session and JSON-RPC id, for {@code notifications/cancelled}. */
  private final Map<String, McpCall> calls = new ConcurrentHashMap<>();
  private final PubSub.Subscription cancels;

  public McpTransport(McpSessions sessions, McpJsonMapper mapper, PubSub pubsub) {
    this.sessions = sessions;
    this.mapper = mapper;
    this.pubsub = pubsub;
    this.cancels = pubsub.subscribe(Set.of(CANCEL), (ch, key) -> cancelHere(key));
  }

  Object post(Req req) {
    long start = System.nanoTime();
    Context ctx = req.ctx();
    open(ctx);
    String type = ctx.header("Content-Type");
    if (type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw RpcErrors.of(415, RpcErrors.BAD_REQUEST, "Unsupported Media Type: Content-Type must be application/json");
    }
    JsonNode node = parse(req.bytes());
    ResponseChannel channel = new ResponseChannel(ctx, mapper, accepts(ctx, "text/event-stream"), start);
    String method = node.path("method").asText(null);
    JsonNode id = node.get("id");
    boolean request = method != null && id != null;
    List<Object> dirty = CleanText.firstDirty(node, Set.of());
    if (dirty != null) {
      if (!request) {
        throw RpcErrors.invalid(CleanText.MESSAGE);
      }
      return error(channel, id, McpSchema.ErrorCodes.INVALID_PARAMS, "Invalid params: " + CleanText.MESSAGE
          + " (at " + String.join(".", dirty.stream().map(String::valueOf).toList()) + ")");
    }
    Caller caller = req.caller();
    if (request && method.equals(McpSchema.METHOD_INITIALIZE)) {
      return initialize(caller, ctx, channel, node);
    }
    String header = sessionHeader(ctx);
    McpStreamableServerSession session = sessions.find(caller, header);
    McpTransportContext context = McpTransportContext.create(Map.of());
    if (request) {
      return call(session, sessionKey(header, id), convert(node, McpSchema.JSONRPCRequest.class), caller, channel);
    }
    try {
      if (method != null && method.equals(CANCELLED)) {
        cancel(sessionKey(header, node.path("params").get("requestId")));
      } else if (method != null) {
        session.accept(convert(node, McpSchema.JSONRPCNotification.class))
            .contextWrite(c -> c.put(McpTransportContext.KEY, context)).block();
      } else {
        session.accept(convert(node, McpSchema.JSONRPCResponse.class))
            .contextWrite(c -> c.put(McpTransportContext.KEY, context)).block();
      }
    } catch (ApiError e) {
      throw e;
    } catch (RuntimeException e) {
      // a notification or response nobody waits for: nothing to answer but that it was received
      log.debug("MCP message not handled: {}", e.toString());
    }
    return Reply.of(202, null);
  }

  private Object initialize(Caller caller, Context ctx, ResponseChannel channel, JsonNode node) {
    JsonNode id = node.get("id");
    McpSchema.InitializeRequest init;
    try {
      init = mapper.convertValue(node.path("params"), McpSchema.InitializeRequest.class);
    } catch (RuntimeException e) {
      return error(channel, id, McpSchema.ErrorCodes.INVALID_PARAMS, "Invalid params: not an initialize request");
    }
    if (init == null || init.protocolVersion() == null) {
      return error(channel, id, McpSchema.ErrorCodes.INVALID_PARAMS, "Invalid params: protocolVersion is required");
    }
    McpSessions.Opened opened = sessions.open(caller, init);
    ctx.header(SESSION_HEADER, opened.sessionId().toString());
    channel.write(McpSchema.JSONRPCResponse.result(idValue(id), opened.result()));
    return Reply.HANDLED;
  }

  private Object call(McpStreamableServerSession session, String key, McpSchema.JSONRPCRequest request,
                      Caller caller, ResponseChannel channel) {
    McpCall call = new McpCall(caller, channel);
    calls.put(key, call);
    int code = McpSchema.ErrorCodes.INTERNAL_ERROR;
    String message = "Internal error";
    try {
      McpTransportContext context = McpTransportContext.create(Map.of(McpCall.KEY, call));
      session.responseStream(request, channel).contextWrite(c -> c.put(McpTransportContext.KEY, context)).block();
    } catch (IllegalArgumentException e) {
      // the SDK could not read the params as the method's request (a number where an object goes, …)
      code = McpSchema.ErrorCodes.INVALID_PARAMS;
      message = "Invalid params for " + request.method();
    } catch (RuntimeException e) {
      log.error("MCP {} failed", request.method(), e);
    } finally {
      calls.remove(key, call);
    }
    if (!channel.answered()) {
      channel.write(McpSchema.JSONRPCResponse.error(request.id(), new McpSchema.JSONRPCResponse.JSONRPCError(code,
          message)));
    }
    return Reply.HANDLED;
  }

  /** GET: the session's server-to-client stream, open until the session ends or the client leaves. */
  Object get(Req req) throws IOException, InterruptedException {
    Context ctx = req.ctx();
    open(ctx);
    if (!accepts(ctx, "text/event-stream")) {
      throw RpcErrors.of(406, RpcErrors.BAD_REQUEST, "Not Acceptable: the stream needs Accept: text/event-stream");
    }
    McpStreamableServerSession session = sessions.find(req.caller(), sessionHeader(ctx));
    ResponseChannel channel = new ResponseChannel(ctx, mapper, true, System.nanoTime());
    channel.startStream();
    McpStreamableServerSession.McpStreamableServerSessionStream stream = session.listeningStream(channel);
    try {
      while (!channel.awaitClose(GET_KEEPALIVE_MILLIS) && !channel.failed() && !sessions.closing()) {
        channel.keepAlive();
      }
    } finally {
      stream.close();
    }
    return Reply.HANDLED;
  }

  /** DELETE: ends the session (spec: later requests with its id get 404). */
  Object delete(Req req) {
    Context ctx = req.ctx();
    open(ctx);
    sessions.end(req.caller(), sessionHeader(ctx));
    return Reply.of(204, null);
  }

  /** The checks every method shares: not shutting down, and a same-origin {@code Origin} or none. */
  private void open(Context ctx) {
    if (sessions.closing()) {
      throw new ApiError(503, "Server is shutting down");
    }
    if (!Origins.allowed(ctx.header("Origin"), ctx.header("Host"))) {
      throw RpcErrors.of(403, RpcErrors.BAD_REQUEST, "Forbidden: Origin is not this server's origin");
    }
    String version = ctx.header("MCP-Protocol-Version");
    if (version != null && !McpSessions.VERSIONS.contains(version)) {
      throw RpcErrors.badRequest("Unsupported MCP-Protocol-Version: " + version);
    }
  }

  private static String sessionHeader(Context ctx) {
    String h = ctx.header(SESSION_HEADER);
    if (h == null || h.isBlank()) {
      throw RpcErrors.badRequest(SESSION_HEADER + " header is required");
    }
    return h.trim();
  }

  private static boolean accepts(Context ctx, String type) {
    String accept = ctx.header("Accept");
    return accept == null || accept.contains(type) || accept.contains("*/*");
  }

  /** One JSON-RPC message: not a batch (none of our revisions has them), else -32700 / -32600. */
  private static JsonNode parse(byte[] body) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw RpcErrors.parse("the body is not JSON");
    }
    if (node == null || node.isMissingNode()) {
      throw RpcErrors.parse("the body is empty");
    }
    if (node.isArray()) {
      throw RpcErrors.invalid("batches are not supported");
    }
    if (!node.isObject() || !McpSchema.JSONRPC_VERSION.equals(node.path("jsonrpc").asText(null))) {
      throw RpcErrors.invalid("not a JSON-RPC 2.0 message");
    }
    JsonNode id = node.get("id");
    if (id != null && !id.isTextual() && !id.isIntegralNumber()) {
      throw RpcErrors.invalid("id must be a string or an integer");
    }
    JsonNode method = node.get("method");
    if (method != null && !method.isTextual()) {
      throw RpcErrors.invalid("method must be a string");
    }
    if (method == null && id == null) {
      throw RpcErrors.invalid("neither a request, a notification nor a response");
    }
    return node;
  }

  private <T> T convert(JsonNode node, Class<T> type) {
    try {
      return mapper.convertValue(node, type);
    } catch (RuntimeException e) {
      throw RpcErrors.invalid("malformed " + type.getSimpleName());
    }
  }

  private Object idValue(JsonNode id) {
    return id.isTextual() ? id.textValue() : id.numberValue();
  }

  private Object error(ResponseChannel channel, JsonNode id, int code, String message) {
    channel.write(McpSchema.JSONRPCResponse.error(idValue(id), new McpSchema.JSONRPCResponse.JSONRPCError(code,
        message)));
    return Reply.HANDLED;
  }

  private static String sessionKey(String header, JsonNode requestId) {
    return header.toLowerCase(Locale.ROOT) + " " + (requestId == null ? "" : requestId.toString());
  }

  /** A cancel may reach another replica than the call: the replica holding the call ends it. */
  private void cancel(String key) {
    if (!cancelHere(key)) {
      pubsub.publish(CANCEL, key);
    }
  }

  private boolean cancelHere(String key) {
    McpCall call = calls.get(key);
    if (call != null) {
      call.cancel();
    }
    return call != null;
  }

  @Override
  public void close() {
    cancels.close();
    calls.values().forEach(McpCall::cancel);
  }
}
