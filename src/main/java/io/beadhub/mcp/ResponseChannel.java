package io.beadhub.mcp;

import io.javalin.http.Context;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import reactor.core.publisher.Mono;

/**
 * The answer to one HTTP request of the MCP transport, as the SDK's session writes to it: a request whose
 * only message is its response gets {@code application/json}; one that sends anything first (progress,
 * keepalives while a tool waits) becomes a {@code text/event-stream}, which the response then ends. A GET
 * is a stream from the start. Writes happen on the request's own virtual thread; the lock only guards
 * against the SDK writing from another.
 */
final class ResponseChannel implements McpStreamableServerTransport {
  private static final byte[] KEEPALIVE = ": keepalive\n\n".getBytes(StandardCharsets.US_ASCII);

  private final Context ctx;
  private final McpJsonMapper mapper;
  private final boolean sseAccepted;
  private final long startNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private OutputStream out;
  private boolean streaming;
  private volatile boolean answered;
  private volatile boolean failed;
  private final Semaphore closed = new Semaphore(0);

  ResponseChannel(Context ctx, McpJsonMapper mapper, boolean sseAccepted, long startNanos) {
    this.ctx = ctx;
    this.mapper = mapper;
    this.sseAccepted = sseAccepted;
    this.startNanos = startNanos;
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    return Mono.fromRunnable(() -> write(message));
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
    return sendMessage(message);
  }

  /** Whether the response (the JSON-RPC answer) has been written. */
  boolean answered() {
    return answered;
  }

  /** Whether the client went away (a write failed). */
  boolean failed() {
    return failed;
  }

  void write(McpSchema.JSONRPCMessage message) {
    lock.lock();
    try {
      if (failed || answered) {
        return;
      }
      byte[] json = mapper.writeValueAsBytes(message);
      boolean response = message instanceof McpSchema.JSONRPCResponse;
      if (!streaming && response) {
        var res = ctx.res();
        res.setStatus(200);
        res.setContentType("application/json");
        res.setContentLength(json.length);
        res.setHeader("Server-Timing", serverTiming());
        res.getOutputStream().write(json);
        answered = true;
        return;
      }
      if (!streaming && !startStream()) {
        return; // the client cannot take a stream: only the response reaches it
      }
      out.write("event: message\ndata: ".getBytes(StandardCharsets.US_ASCII));
      out.write(json);
      out.write('\n');
      out.write('\n');
      out.flush();
      answered = response;
    } catch (IOException e) {
      failed = true;
    } finally {
      lock.unlock();
    }
  }

  /** A comment on the stream (opening it if need be), so idle connections stay open and a gone client shows. */
  void keepAlive() {
    lock.lock();
    try {
      if (failed || answered || (!streaming && !startStream())) {
        return;
      }
      out.write(KEEPALIVE);
      out.flush();
    } catch (IOException e) {
      failed = true;
    } finally {
      lock.unlock();
    }
  }

  /** Opens the event stream (GET, or a request that streams); false when the client did not accept one. */
  boolean startStream() throws IOException {
    if (streaming) {
      return true;
    }
    if (!sseAccepted) {
      return false;
    }
    var res = ctx.res();
    res.setStatus(200);
    res.setContentType("text/event-stream");
    res.setCharacterEncoding("UTF-8");
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("X-Accel-Buffering", "no");
    out = res.getOutputStream();
    streaming = true;
    out.flush();
    return true;
  }

  private String serverTiming() {
    long hundredths = (System.nanoTime() - startNanos) / 10_000;
    return String.format("app;dur=%d.%02d", hundredths / 100, hundredths % 100);
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(this::close); // the request's handler then ends the HTTP response
  }

  /** The SDK is done with this connection (a GET stream whose session ended). */
  @Override
  public void close() {
    closed.release();
  }

  /** Waits up to {@code millis} for {@link #close}; true when closed. */
  boolean awaitClose(long millis) throws InterruptedException {
    return closed.tryAcquire(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return mapper.convertValue(data, typeRef);
  }
}
