package io.beadhub.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.db.Database;
import io.beadhub.events.Event;
import io.beadhub.events.EventBus;
import io.beadhub.events.EventStore;
import io.beadhub.http.Json;
import io.beadhub.pubsub.PubSub;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSE body of {@code GET /v1/status/stream} (spec 30 §6.2). Each stream runs on its request's
 * virtual thread and blocks on its own queue; the bus listener only enqueues. Replay from
 * {@code server.events} comes first; live events already sent by the replay are skipped by id.
 */
public final class StatusStream implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusStream.class);
  private static final String CLOSE = "\u0000close";
  static final int REPLAY_MAX = 1000;
  /** A client this far behind is cut off; it reconnects with Last-Event-ID and loses nothing. */
  private static final int QUEUE_MAX = 10_000;

  /** What one stream subscribes to. {@code categories} null = every category. */
  public record Subscription(List<UUID> workspaceIds, Set<String> categories, Long lastEventId) {
  }

  private final Database db;
  private final EventBus bus;
  private final Duration keepalive;
  private final Duration emptyLifetime;
  private final Set<BlockingQueue<String>> open = ConcurrentHashMap.newKeySet();

  public StatusStream(Database db, EventBus bus, Duration keepalive, Duration emptyLifetime) {
    this.db = db;
    this.bus = bus;
    this.keepalive = keepalive;
    this.emptyLifetime = emptyLifetime;
  }

  /** Streams until the client leaves, the server closes, or (empty set) the lifetime ends. */
  public void serve(Context ctx, Subscription sub) throws IOException {
    ctx.status(200);
    ctx.res().setContentType("text/event-stream; charset=utf-8");
    ctx.res().setHeader("Cache-Control", "no-cache");
    ctx.res().setHeader("Connection", "keep-alive");
    ctx.res().setHeader("X-Accel-Buffering", "no");
    relaxIdleTimeout(ctx);
    OutputStream out = ctx.res().getOutputStream();
    out.flush();

    BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    AtomicBoolean overflow = new AtomicBoolean();
    open.add(queue);
    PubSub.Subscription live = sub.workspaceIds().isEmpty() ? null
        : bus.subscribe(sub.workspaceIds(), msg -> {
          if (queue.size() >= QUEUE_MAX) {
            overflow.set(true);
          } else {
            queue.offer(msg);
          }
        });
    try {
      long lastSent = replay(out, sub);
      long deadline = sub.workspaceIds().isEmpty() ? System.nanoTime() + emptyLifetime.toNanos() : Long.MAX_VALUE;
      while (!overflow.get()) {
        String msg = queue.poll(keepalive.toMillis(), TimeUnit.MILLISECONDS);
        if (msg == CLOSE) {
          return;
        }
        if (msg == null) {
          write(out, ": keepalive\n\n");
          if (System.nanoTime() - deadline >= 0) {
            return;
          }
          continue;
        }
        lastSent = sendLive(out, msg, sub.categories(), lastSent);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      log.debug("status stream closed by client: {}", e.getMessage());
    } finally {
      if (live != null) {
        live.close();
      }
      open.remove(queue);
    }
  }

  private long replay(OutputStream out, Subscription sub) throws IOException {
    if (sub.lastEventId() == null || sub.workspaceIds().isEmpty()) {
      return -1;
    }
    List<Event> events = db.read(h -> EventStore.since(h, sub.workspaceIds(), sub.lastEventId(), sub.categories(),
        REPLAY_MAX + 1));
    if (events.size() > REPLAY_MAX) {
      events = events.subList(events.size() - REPLAY_MAX, events.size());
      write(out, ": replay truncated\n\n");
    }
    long last = sub.lastEventId();
    for (Event e : events) {
      write(out, "id: " + e.eventId() + "\ndata: " + e.payload() + "\n\n");
      last = e.eventId();
    }
    return last;
  }

  private long sendLive(OutputStream out, String msg, Set<String> categories, long lastSent) throws IOException {
    Live live = parsed(msg);
    if (categories != null && !categories.contains(live.category())) {
      return lastSent;
    }
    if (live.eventId() != null && live.eventId() <= lastSent) {
      return lastSent;
    }
    out.write(live.frame());
    out.flush();
    return live.eventId() != null ? live.eventId() : lastSent;
  }

  /** A live message as the streams need it: parsed and framed once, however many streams send it. */
  private record Live(String msg, String category, Long eventId, byte[] frame) {
  }

  /** The last message parsed; every stream of the fan-out gets the same String instance. */
  private volatile Live lastLive;

  private Live parsed(String msg) {
    Live last = lastLive;
    if (last != null && last.msg() == msg) {
      return last;
    }
    JsonNode n = Json.tree(msg);
    String type = n.path("type").asText("");
    int dot = type.indexOf('.');
    JsonNode id = n.get("event_id");
    Long eventId = id != null && id.canConvertToLong() ? id.asLong() : null;
    String frame = (eventId != null ? "id: " + eventId + "\n" : "") + "data: " + msg + "\n\n";
    Live live = new Live(msg, dot < 0 ? type : type.substring(0, dot), eventId, frame.getBytes(StandardCharsets.UTF_8));
    lastLive = live;
    return live;
  }

  private static void write(OutputStream out, String frame) throws IOException {
    out.write(frame.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Keepalives come every 30 s; the connector's idle timeout must not cut the stream before. */
  private static void relaxIdleTimeout(Context ctx) {
    try {
      var request = org.eclipse.jetty.ee10.servlet.ServletContextRequest.getServletContextRequest(ctx.req());
      if (request != null) {
        request.getConnectionMetaData().getConnection().getEndPoint().setIdleTimeout(Duration.ofMinutes(10).toMillis());
      }
    } catch (RuntimeException e) {
      log.debug("cannot change the idle timeout of a status stream", e);
    }
  }

  /** Ends every open stream (server shutdown). */
  @Override
  public void close() {
    for (BlockingQueue<String> q : open) {
      q.offer(CLOSE);
    }
  }
}
