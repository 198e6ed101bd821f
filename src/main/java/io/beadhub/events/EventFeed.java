package io.beadhub.events;

import io.beadhub.db.Database;
import io.beadhub.pubsub.PubSub;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers numbered events to this replica's streams, per project, in id order, each once
 * (docs/events.md). It stands at a cursor per project: every event of the project up to the cursor has
 * been handed to the streams registered then. A pass that continues from the cursor is delivered as it
 * comes (from this replica's sequencer, or over pub/sub from another's); a pass that starts above the
 * cursor means one was missed, and the feed reads what it missed from the store first. Every second it
 * also compares the cursors with the stored heads, so a pass lost with no pass after it (a pub/sub outage)
 * is found within two seconds.
 */
public final class EventFeed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventFeed.class);
  private static final int PAGE = 1_000;
  private static final Object TICK = new Object();

  /** A stream's side: takes a live event without blocking; false means it cannot keep up. */
  public interface Listener {
    boolean offer(LiveEvent e);
  }

  /** A numbered event with its SSE frame, built once for every stream that sends it. */
  public record LiveEvent(long eventId, UUID workspaceId, String category, byte[] frame) {
    static LiveEvent of(StoredEvent e) {
      return new LiveEvent(e.eventId(), e.workspaceId(), e.category(),
          ("id: " + e.eventId() + "\ndata: " + e.json() + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The event's JSON, read back from its frame (a stream that looks into what it sent). */
    public String json() {
      String f = new String(frame, StandardCharsets.UTF_8);
      return f.substring(f.indexOf("data: ") + 6, f.length() - 2);
    }
  }

  /** A registration: live events with ids above {@code cursor} reach the listener until it is closed. */
  public interface Registration extends AutoCloseable {
    long cursor();

    @Override
    void close();
  }

  private final Database db;
  private final PubSub remote;
  private final Duration tick;
  private final Map<UUID, ProjectFeed> projects = new ConcurrentHashMap<>();
  private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  /** {@code remote} null: one replica; passes come only from this replica's sequencer. */
  public EventFeed(Database db, PubSub remote, Duration tick) {
    this.db = db;
    this.remote = remote;
    this.tick = tick;
    this.thread = Thread.ofVirtual().name("event-feed").start(this::loop);
  }

  private final class ProjectFeed {
    final UUID project;
    final ReentrantLock lock = new ReentrantLock();
    final Set<Listener> listeners = new CopyOnWriteArraySet<>();
    PubSub.Subscription subscription;
    long cursor = -1;
    /** The stored head seen at the last tick; still above the cursor at the next tick means a lost pass. */
    long seenHead = -1;
    boolean retired;

    ProjectFeed(UUID project) {
      this.project = project;
    }
  }

  /**
   * Registers a listener for a project's events. The first listener of a project on this replica
   * subscribes to the project's passes, then reads the stored head as the starting cursor.
   */
  public Registration register(UUID project, Listener listener) {
    while (true) {
      ProjectFeed pf = projects.computeIfAbsent(project, ProjectFeed::new);
      pf.lock.lock();
      try {
        if (pf.retired) {
          continue;
        }
        if (pf.cursor < 0) {
          if (remote != null) {
            pf.subscription = remote.subscribe(List.of(EventBatch.channel(project)),
                (ch, msg) -> inbox.offer(msg));
          }
          pf.cursor = db.read(h -> EventStore.heads(h, List.of(project))).getOrDefault(project, 0L);
        }
        pf.listeners.add(listener);
        long at = pf.cursor;
        return new Registration() {
          @Override
          public long cursor() {
            return at;
          }

          @Override
          public void close() {
            unregister(pf, listener);
          }
        };
      } finally {
        pf.lock.unlock();
      }
    }
  }

  private void unregister(ProjectFeed pf, Listener listener) {
    pf.lock.lock();
    try {
      pf.listeners.remove(listener);
      if (!pf.listeners.isEmpty() || pf.retired) {
        return;
      }
      pf.retired = true;
      projects.remove(pf.project, pf);
      if (pf.subscription != null) {
        pf.subscription.close();
      }
    } finally {
      pf.lock.unlock();
    }
  }

  /** A pass of this replica's sequencer. */
  void accept(EventBatch batch) {
    inbox.offer(batch);
  }

  private void loop() {
    long nextTick = System.nanoTime() + tick.toNanos();
    while (!closed) {
      try {
        Object item = inbox.poll(Math.max(0, nextTick - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (item == null) {
          item = TICK;
        }
        if (item == TICK) {
          nextTick = System.nanoTime() + tick.toNanos();
          checkHeads();
        } else {
          deliver(item instanceof EventBatch b ? b : EventBatch.decode((String) item));
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // The next tick compares the cursors with the store again, so nothing is lost by skipping this item.
        log.warn("event feed: {}", e.getMessage());
      }
    }
  }

  private void deliver(EventBatch batch) {
    ProjectFeed pf = projects.get(batch.projectId());
    if (pf == null) {
      return;
    }
    pf.lock.lock();
    try {
      if (pf.retired || batch.last() <= pf.cursor) {
        return;
      }
      if (batch.prev() > pf.cursor) {
        catchUp(pf);
      }
      send(pf, batch.events());
    } finally {
      pf.lock.unlock();
    }
  }

  private void checkHeads() {
    if (projects.isEmpty()) {
      return;
    }
    Map<UUID, Long> heads = db.read(h -> EventStore.heads(h, projects.keySet()));
    for (ProjectFeed pf : projects.values()) {
      long head = heads.getOrDefault(pf.project, 0L);
      pf.lock.lock();
      try {
        if (!pf.retired && pf.cursor >= 0 && pf.cursor < pf.seenHead) {
          log.debug("event feed: project {} behind the store ({} < {}); catching up", pf.project, pf.cursor,
              pf.seenHead);
          catchUp(pf);
        }
        pf.seenHead = head;
      } finally {
        pf.lock.unlock();
      }
    }
  }

  /** Reads and sends what the feed missed, up to the stored head. Called under the project's lock. */
  private void catchUp(ProjectFeed pf) {
    long head = db.read(h -> EventStore.heads(h, List.of(pf.project))).getOrDefault(pf.project, 0L);
    while (pf.cursor < head) {
      long from = pf.cursor;
      List<StoredEvent> page = db.read(h -> EventStore.ofProject(h, pf.project, from, PAGE));
      List<StoredEvent> upToHead = new ArrayList<>(page.size());
      for (StoredEvent e : page) {
        if (e.eventId() <= head) {
          upToHead.add(e);
        }
      }
      send(pf, upToHead);
      if (page.size() < PAGE) {
        break;
      }
    }
    pf.cursor = Math.max(pf.cursor, head);
  }

  /** Sends the events above the cursor, in order, and moves the cursor. Called under the project's lock. */
  private void send(ProjectFeed pf, List<StoredEvent> events) {
    for (StoredEvent e : events) {
      if (e.eventId() <= pf.cursor) {
        continue;
      }
      LiveEvent live = LiveEvent.of(e);
      for (Listener l : pf.listeners) {
        l.offer(live);
      }
      pf.cursor = e.eventId();
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    for (ProjectFeed pf : projects.values()) {
      if (pf.subscription != null) {
        pf.subscription.close();
      }
    }
  }
}
