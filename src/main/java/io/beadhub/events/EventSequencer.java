package io.beadhub.events;

import io.beadhub.db.Database;
import io.beadhub.pubsub.PubSub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives committed events their public ids (docs/events.md). A pass locks the counter row, moves the
 * queued events that are committed into {@code server.events} with the next ids, and commits; passes of
 * every replica are serialized by that lock. So when an id is visible, every lower id is visible too: a
 * reader that has seen ids up to n never later finds a new id below n.
 *
 * <p>Writers {@link #kick} after their commit; every replica also looks at the queue every
 * {@code sweep} for events whose writer died between its commit and its kick. Each pass is handed to
 * this replica's {@link EventFeed} and published for the other replicas.
 */
public final class EventSequencer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventSequencer.class);
  static final int PASS_MAX = 5_000;

  private final Database db;
  private final Consumer<EventBatch> local;
  private final PubSub remote;
  private final Duration sweep;
  private final Semaphore kicks = new Semaphore(0);
  private final AtomicLong numbered = new AtomicLong();
  private final Thread thread;
  private volatile boolean closed;

  /** A sequencer with no streams of its own (tools, tests): it only numbers and publishes. */
  public EventSequencer(Database db, PubSub remote, Duration sweep) {
    this(db, batch -> { }, remote, sweep);
  }

  /** {@code remote} null: one replica, nothing to publish. */
  public EventSequencer(Database db, EventFeed local, PubSub remote, Duration sweep) {
    this(db, local::accept, remote, sweep);
  }

  EventSequencer(Database db, Consumer<EventBatch> local, PubSub remote, Duration sweep) {
    this.db = db;
    this.local = local;
    this.remote = remote;
    this.sweep = sweep;
    this.thread = Thread.ofPlatform().daemon().name("event-sequencer").start(this::loop);
  }

  /** How many events this process has numbered and handed on since it started (a metric). */
  public long numbered() {
    return numbered.get();
  }

  /** Some transaction that queued events has committed. */
  public void kick() {
    if (kicks.availablePermits() == 0) {
      kicks.release();
    }
  }

  private void loop() {
    long backoff = 100;
    while (!closed) {
      try {
        kicks.tryAcquire(sweep.toMillis(), TimeUnit.MILLISECONDS);
        kicks.drainPermits();
        if (closed) {
          return;
        }
        drain();
        backoff = 100;
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("event numbering failed; retrying in {} ms: {}", backoff, e.getMessage());
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          return;
        }
        backoff = Math.min(5_000, backoff * 2);
        kick();
      }
    }
  }

  /** Numbers everything queued; returns how many events were numbered. */
  int drain() {
    // A plain read first: an empty pass would still lock the counter row, which costs a WAL flush.
    if (!db.read(EventStore::queued)) {
      return 0;
    }
    int total = 0;
    while (true) {
      List<EventStore.Numbered> pass = db.tx(h -> EventStore.number(h, EventStore.lockCounter(h), PASS_MAX));
      total += pass.size();
      numbered.addAndGet(pass.size());
      hand(pass);
      if (pass.size() < PASS_MAX) {
        return total;
      }
    }
  }

  private void hand(List<EventStore.Numbered> pass) {
    Map<UUID, List<EventStore.Numbered>> byProject = new LinkedHashMap<>();
    for (EventStore.Numbered n : pass) {
      byProject.computeIfAbsent(n.event().projectId(), k -> new ArrayList<>()).add(n);
    }
    for (Map.Entry<UUID, List<EventStore.Numbered>> p : byProject.entrySet()) {
      List<EventStore.Numbered> rows = p.getValue();
      List<StoredEvent> events = rows.stream().map(EventStore.Numbered::event).toList();
      EventBatch batch = new EventBatch(p.getKey(), rows.get(0).prevHead(), events.get(events.size() - 1).eventId(),
          events);
      local.accept(batch);
      if (remote != null) {
        try {
          remote.publish(EventBatch.channel(p.getKey()), batch.encode());
        } catch (RuntimeException e) {
          // the other replicas' feeds find the pass in the store (EventFeed's head check)
          log.debug("event publish failed: {}", e.getMessage());
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    kicks.release();
    thread.interrupt();
  }
}
