package io.beadhub.http;

import io.beadhub.common.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The response side of one Server-Sent Events stream, written by its request's thread: the headers,
 * frames, keepalives, and the watch that notices a client gone while nothing is being written. Writes
 * are buffered until {@link #flush()} (keepalives flush themselves), so a caller decides when the
 * headers and a batch of frames leave.
 */
public final class SseStream implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SseStream.class);
  /** Longer than any stream's keepalive interval: the connector's idle timeout must not cut a quiet stream. */
  static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);
  private static final byte[] KEEPALIVE = ": keepalive\n\n".getBytes(StandardCharsets.US_ASCII);

  private final OutputStream out;
  private final Clock clock;
  private final Runnable onDisconnect;
  private volatile boolean gone;
  private EndPoint endPoint;
  private volatile Instant lastWrite;

  private SseStream(OutputStream out, Clock clock, Runnable onDisconnect) {
    this.out = out;
    this.clock = clock;
    this.onDisconnect = onDisconnect;
    this.lastWrite = clock.instant();
  }

  /**
   * Sets the status and headers (not yet sent: see {@link #flush()}) and starts watching for the client's
   * disconnect, which sets {@link #gone()} and calls {@code onDisconnect} (it must not block) from a Jetty
   * thread.
   */
  public static SseStream open(Context ctx, String contentType, Clock clock, Runnable onDisconnect)
      throws IOException {
    ctx.status(200);
    var res = ctx.res();
    res.setContentType(contentType);
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("Connection", "keep-alive");
    res.setHeader("X-Accel-Buffering", "no");
    SseStream s = new SseStream(res.getOutputStream(), clock, onDisconnect);
    s.watch(ctx);
    return s;
  }

  /** Whether the client has gone away. */
  public boolean gone() {
    return gone;
  }

  /** When a frame or keepalive was last written. */
  public Instant lastWrite() {
    return lastWrite;
  }

  /** {@code event: name} with {@code data} as JSON. */
  public void event(String name, Object data) throws IOException {
    write("event: " + name + "\ndata: " + Json.string(data) + "\n\n");
  }

  /** {@code id: id} with data that is already JSON text. */
  public void data(long id, String json) throws IOException {
    write("id: " + id + "\ndata: " + json + "\n\n");
  }

  /** A comment line, which clients ignore (SSE's way to say something to a human reading the stream). */
  public void comment(String text) throws IOException {
    write(": " + text + "\n\n");
  }

  /** A frame already encoded (frames built once for many streams). */
  public void frame(byte[] frame) throws IOException {
    out.write(frame);
    lastWrite = clock.instant();
  }

  /** A keepalive comment, sent at once. */
  public void keepalive() throws IOException {
    frame(KEEPALIVE);
    flush();
  }

  public void flush() throws IOException {
    out.flush();
  }

  private void write(String frame) throws IOException {
    frame(frame.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Jetty reports a failed connection to a failure listener even while nothing is written; the idle
   * timeout is relaxed so keepalives, not the connector, decide how long a quiet stream lives.
   */
  private void watch(Context ctx) {
    try {
      ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
      if (request == null) {
        return;
      }
      request.addFailureListener(t -> disconnected());
      var meta = request.getConnectionMetaData();
      meta.getConnection().getEndPoint().setIdleTimeout(IDLE_TIMEOUT.toMillis());
      // The HTTP connection does not read while a handler runs, so a closed socket goes unnoticed until
      // the next write. Read interest makes the selector report the client's close (an SSE client sends
      // nothing more). Only on HTTP/1, where the connection carries this one stream.
      if (meta.getHttpVersion() == HttpVersion.HTTP_1_1 || meta.getHttpVersion() == HttpVersion.HTTP_1_0) {
        endPoint = meta.getConnection().getEndPoint();
        watchClose(endPoint);
      }
    } catch (RuntimeException | LinkageError e) {
      log.debug("no disconnect watch on this stream: {}", e.toString());
    }
  }

  private void watchClose(EndPoint endPoint) {
    endPoint.fillInterested(Callback.from(() -> {
      try {
        ByteBuffer b = BufferUtil.allocate(256);
        if (endPoint.fill(b) < 0) {
          disconnected();
        } else if (!gone && endPoint.isOpen()) {
          watchClose(endPoint);
        }
      } catch (IOException | RuntimeException e) {
        disconnected();
      }
    }, t -> disconnected()));
  }

  private void disconnected() {
    gone = true;
    onDisconnect.run();
  }

  /**
   * Ends the stream. The watch's read interest stays registered on the connection, so it cannot serve
   * another request: the response is finished (terminal chunk) and the connection closed, as a server may
   * at any time.
   */
  @Override
  public void close() {
    if (endPoint == null) {
      return;
    }
    try {
      if (!gone) {
        out.close();
      }
    } catch (IOException e) {
      log.debug("stream close: {}", e.toString());
    } finally {
      endPoint.close();
    }
  }
}
