package io.beadhub.status;

import io.beadhub.common.BackgroundLoop;
import io.beadhub.db.Database;
import io.beadhub.events.EventFeed;
import io.beadhub.events.EventStore;
import io.beadhub.events.StoredEvent;
import io.beadhub.http.SseStream;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSE body of {@code GET /v1/status/stream} (spec 30 §6.2). Each stream runs on its request's
 * virtual thread and blocks on its own queue, which the project's {@link EventFeed} fills in id order.
 * The replay reads the store up to the feed's cursor at registration; live events continue after it,
 * so nothing is sent twice and nothing falls between the two (docs/events.md). One ticker looks at the
 * server's clock once a second and wakes only the streams whose keepalive is due, so thousands of idle
 * streams cost nothing between events.
 */
public final class StatusStream implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusStream.class);
  private static final EventFeed.LiveEvent CLOSE = new EventFeed.LiveEvent(-1, null, "", new byte[0]);
  private static final EventFeed.LiveEvent TICK = new EventFeed.LiveEvent(-2, null, "", new byte[0]);
  static final int REPLAY_MAX = 1000;
  /** A client this far behind is cut off; it reconnects with Last-Event-ID. */
  private static final int QUEUE_MAX = 10_000;
  private static final Duration CLOCK_CHECK = Duration.ofSeconds(1);

  /** What one stream subscribes to. {@code categories} null = every category. */
  public record Subscription(UUID projectId, List<UUID> workspaceIds, Set<String> categories, Long lastEventId) {
  }

  /**
   * Told, on the stream's thread after each flush, the JSON of the events of {@code category} that the
   * flush carried (live or replayed).
   */
  public record Sent(String category, java.util.function.Consumer<List<String>> flushed) {
  }

  private final Database db;
  private final EventFeed feed;
  private final Duration keepalive;
  private final Duration emptyLifetime;
  private final Clock clock;
  private final Map<BlockingQueue<EventFeed.LiveEvent>, SseStream> open = new ConcurrentHashMap<>();
  private final BackgroundLoop ticker;
  private final AtomicLong replayed = new AtomicLong();

  public StatusStream(Database db, EventFeed feed, Duration keepalive, Duration emptyLifetime, Clock clock) {
    this.db = db;
    this.feed = feed;
    this.keepalive = keepalive;
    this.emptyLifetime = emptyLifetime;
    this.clock = clock;
    this.ticker = new BackgroundLoop("status-stream-keepalive", CLOCK_CHECK, closing -> tick());
  }

  /** Streams until the client leaves, the server closes, or (empty set) the lifetime ends. */
  public void serve(Context ctx, Subscription sub) throws IOException {
    serve(ctx, sub, null);
  }

  /** As above, telling {@code sent} (null: nobody) what each flush carried. */
  public void serve(Context ctx, Subscription sub, Sent sent) throws IOException {
    BlockingQueue<EventFeed.LiveEvent> queue = new LinkedBlockingQueue<>();
    SseStream out = SseStream.open(ctx, "text/event-stream; charset=utf-8", clock,
        () -> queue.offer(CLOSE));

    AtomicBoolean overflow = new AtomicBoolean();
    Set<UUID> set = Set.copyOf(sub.workspaceIds());
    open.put(queue, out);
    EventFeed.Registration live = set.isEmpty() ? null : feed.register(sub.projectId(), e -> {
      if (!set.contains(e.workspaceId()) || sub.categories() != null && !sub.categories().contains(e.category())) {
        return true;
      }
      if (queue.size() >= QUEUE_MAX) {
        overflow.set(true);
        queue.offer(CLOSE);
        return false;
      }
      return queue.offer(e);
    });
    try {
      out.flush(); // the headers go out once the stream is registered: every later event reaches it
      long lastSent = live == null ? -1 : replay(out, sub, live.cursor(), sent);
      Instant deadline = set.isEmpty() ? clock.instant().plus(emptyLifetime) : Instant.MAX;
      while (!overflow.get()) {
        EventFeed.LiveEvent e = queue.take();
        if (e == CLOSE) {
          return;
        }
        if (e == TICK) {
          if (clock.instant().isBefore(out.lastWrite().plus(keepalive))) {
            continue;
          }
          out.keepalive();
          if (!clock.instant().isBefore(deadline)) {
            return;
          }
          continue;
        }
        // A client resuming from another replica may already hold ids above this feed's cursor.
        if (e.eventId() > lastSent) {
          out.frame(e.frame());
          out.flush();
          lastSent = e.eventId();
          if (sent != null && sent.category().equals(e.category())) {
            sent.flushed().accept(List.of(e.json()));
          }
        }
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
      out.close();
    }
  }

  /** Sends the stored events after the client's Last-Event-ID up to {@code upTo}; returns the last id sent. */
  private long replay(SseStream out, Subscription sub, long upTo, Sent sent) throws IOException {
    if (sub.lastEventId() == null) {
      return -1;
    }
    long after = sub.lastEventId();
    if (after >= upTo) {
      return after;
    }
    List<StoredEvent> events = db.read(h -> EventStore.since(h, sub.workspaceIds(), after, upTo, sub.categories(),
        REPLAY_MAX + 1));
    if (events.size() > REPLAY_MAX) {
      events = events.subList(events.size() - REPLAY_MAX, events.size());
      out.comment("replay truncated");
      out.flush();
    }
    for (StoredEvent e : events) {
      out.data(e.eventId(), e.json());
    }
    out.flush();
    if (sent != null) {
      List<String> carried = events.stream().filter(e -> e.category().equals(sent.category()))
          .map(StoredEvent::json).toList();
      if (!carried.isEmpty()) {
        sent.flushed().accept(carried);
      }
    }
    replayed.addAndGet(events.size());
    return after;
  }

  /** How many stored events streams have replayed since this process started (a metric). */
  public long replayed() {
    return replayed.get();
  }

  /** Ends every open stream (server shutdown). */
  @Override
  public void close() {
    ticker.close();
    for (BlockingQueue<EventFeed.LiveEvent> q : open.keySet()) {
      q.offer(CLOSE);
    }
  }

  /** Wakes the streams whose keepalive is due on the server's clock. */
  private void tick() {
    Instant now = clock.instant();
    open.forEach((queue, out) -> {
      if (!now.isBefore(out.lastWrite().plus(keepalive))) {
        queue.offer(TICK);
      }
    });
  }

}
