package io.beadhub.chat;

import io.beadhub.http.SseStream;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chat SSE stream (spec 20 §3.9–3.10) on the request's virtual thread. It sleeps on a semaphore
 * that the wake notifier releases, then reads the new rows from PostgreSQL; it also re-checks every
 * 5 s (a lost wake costs at most that), writes a keepalive after 15 s of silence, and re-registers
 * in the waiting registry every 30 s. It holds no database connection while it waits.
 */
final class ChatStream {
  private static final Logger log = LoggerFactory.getLogger(ChatStream.class);
  static final Duration RECHECK = Duration.ofSeconds(5);
  static final Duration KEEPALIVE = Duration.ofSeconds(15);
  private static final int BATCH = 50;
  private static final int SCAN_PAGE = 500;

  private record Seen(UUID messageId, long seq, Instant at) {
  }

  private final ChatStreamService svc;
  private final UUID sessionId;
  private final UUID projectId;
  private final UUID me;
  private final String ns;
  private final List<Participant> participants;
  private final Semaphore signal = new Semaphore(0);
  private final Set<UUID> emitted = new HashSet<>();
  private final Deque<Seen> seen = new ArrayDeque<>();
  private final Map<UUID, Long> reported = new HashMap<>();
  private SseStream out;
  private long floor;
  /** The newest other participant's message written and not yet recorded as seen, and its seq. */
  private UUID unrecorded;
  private long unrecordedSeq;
  private long recordedSeq;

  ChatStream(ChatStreamService svc, UUID projectId, UUID sessionId, ChatStreamService.Opened start) {
    this.svc = svc;
    this.sessionId = sessionId;
    this.projectId = projectId;
    this.me = start.me().agentId();
    this.ns = start.me().namespaceSlug();
    this.participants = start.participants();
  }

  /** Runs the stream until the deadline or a disconnect; never throws for a gone client. */
  void run(Context ctx, Instant deadline, Instant after) {
    String connection = UUID.randomUUID().toString();
    WaitingRegistry registry = svc.waiting();
    registry.register(sessionId, me, connection);
    Instant registeredAt = svc.clock().instant();
    try (AutoCloseable ignored = svc.wake().listen(sessionId, signal::release)) {
      out = SseStream.open(ctx, "text/event-stream", svc.clock(), signal::release);
      // Where the stream starts is read before the first byte goes out: a client that has seen the opening
      // keepalive must get every message committed after it, and a message committed between the keepalive and
      // the read would be below the floor and never streamed.
      long start = start(after);
      out.keepalive();
      replay(after, start);
      Instant nextRecheck = svc.clock().instant().plus(RECHECK);
      while (true) {
        Instant now = svc.clock().instant();
        if (!now.isBefore(deadline)) {
          break;
        }
        Instant next = min(deadline, min(nextRecheck, min(out.lastWrite().plus(KEEPALIVE),
            registeredAt.plusSeconds(WaitingRegistry.REFRESH_SECONDS))));
        long waitMs = Math.max(1, Duration.between(now, next).toMillis());
        boolean woke = signal.tryAcquire(waitMs, TimeUnit.MILLISECONDS);
        if (woke) {
          signal.drainPermits(); // the scan below reads what they announce; after a timeout, a wake just in stays
        }
        if (out.gone()) {
          break;
        }
        now = svc.clock().instant();
        boolean recheck = !now.isBefore(nextRecheck);
        if (woke || recheck) {
          if (recheck && !svc.projectLive(projectId)) {
            out.event("error", Map.of("error", "Project not found"));
            out.flush();
            break;
          }
          scan();
          nextRecheck = svc.clock().instant().plus(RECHECK);
        }
        if (!now.isBefore(registeredAt.plusSeconds(WaitingRegistry.REFRESH_SECONDS))) {
          registry.register(sessionId, me, connection);
          registeredAt = now;
        }
        if (!now.isBefore(out.lastWrite().plus(KEEPALIVE))) {
          out.keepalive();
        }
      }
    } catch (IOException e) {
      log.debug("chat stream client gone: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("chat stream on {} ended by an error", sessionId, e);
    } finally {
      registry.unregister(sessionId, me, connection);
      if (out != null) {
        out.close();
      }
    }
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /** Reads where the stream starts; sets the floor and the reported cursors, returns where the replay begins. */
  private long start(Instant after) {
    ChatStreamService.Start start = svc.start(sessionId, me, after);
    floor = start.floor();
    reported.putAll(start.reported());
    return start.replayAfter();
  }

  /**
   * Replay (with {@code after}: every message created after it; without: own recent message onward), a
   * page at a time: each page is read once the previous one is written, so a long history costs one
   * page of memory, and a slow client slows the reads instead of the server reading ahead of it.
   */
  private void replay(Instant after, long start) throws IOException {
    OffsetDateTime createdAfter = after == null ? null : OffsetDateTime.ofInstant(after, ZoneOffset.UTC);
    // Pages stop at the floor: the scans stream what comes after it.
    for (long from = start; from >= 0; ) {
      long seq = from;
      List<ChatStore.Message> page = svc.replayPage(sessionId, createdAfter, seq, floor, BATCH);
      writeMessages(page, false);
      out.flush();
      from = page.size() < BATCH ? -1 : page.get(page.size() - 1).seq();
    }
    out.flush();
    recordSeen();
  }

  /**
   * Emits the messages committed since the last scan, a page at a time, then the other participants'
   * cursor advances.
   */
  private void scan() throws IOException {
    ChatStreamService.Scan scan = svc.scan(sessionId, me, floor, SCAN_PAGE);
    List<ChatStore.Message> page = scan.page();
    while (true) {
      writeMessages(page, true);
      if (page.size() < SCAN_PAGE) {
        break;
      }
      out.flush();
      long from = page.get(page.size() - 1).seq();
      page = svc.since(sessionId, from, SCAN_PAGE);
    }
    for (ChatStore.Cursor c : scan.cursors()) {
      long seq = c.seq() == null ? 0L : c.seq();
      if (seq > reported.getOrDefault(c.agentId(), 0L)) {
        reported.put(c.agentId(), seq);
        out.event("read_receipt", ChatJson.receiptEvent(sessionId, c));
      }
    }
    out.flush();
    recordSeen();
    advanceFloor();
  }

  /**
   * Once flushed, the others' messages written count as seen by this participant: one upsert per flush
   * that carried one, none for the participant's own messages or a keepalive.
   */
  private void recordSeen() {
    if (unrecorded == null || unrecordedSeq <= recordedSeq) {
      return;
    }
    try {
      svc.markStreamed(sessionId, me, unrecorded);
      recordedSeq = unrecordedSeq;
      unrecorded = null;
    } catch (RuntimeException e) {
      log.warn("chat stream on {}: could not record what was streamed", sessionId, e);
    }
  }

  /**
   * Writes the messages not yet emitted. With {@code tracked}, remembers them for the scans' window;
   * replayed ones need not be: they lie at or below the floor, where no scan reads.
   */
  private void writeMessages(List<ChatStore.Message> messages, boolean tracked) throws IOException {
    if (messages.isEmpty()) {
      return;
    }
    Set<UUID> waiting = svc.waiting().waiting(sessionId);
    Instant now = svc.clock().instant();
    for (ChatStore.Message m : messages) {
      if (tracked) {
        if (!emitted.add(m.messageId())) {
          continue;
        }
        seen.add(new Seen(m.messageId(), m.seq(), now));
      }
      boolean senderWaiting = m.fromAgentId().equals(me) || waiting.contains(m.fromAgentId());
      out.event("message", ChatJson.messageEvent(m, participants, ns, senderWaiting));
      if (!m.fromAgentId().equals(me) && m.seq() > unrecordedSeq) {
        unrecorded = m.messageId();
        unrecordedSeq = m.seq();
      }
    }
  }

  /**
   * A transaction with a smaller seq may commit after one with a larger seq (§3.10): the scan
   * window stays open over messages seen less than 5 s ago; older ones move the floor.
   */
  private void advanceFloor() {
    Instant cutoff = svc.clock().instant().minus(RECHECK);
    List<Seen> keep = new ArrayList<>();
    long newFloor = floor;
    while (!seen.isEmpty()) {
      Seen s = seen.poll();
      if (s.at().isBefore(cutoff)) {
        newFloor = Math.max(newFloor, s.seq());
        emitted.remove(s.messageId());
      } else {
        keep.add(s);
      }
    }
    seen.addAll(keep);
    if (newFloor > floor) {
      floor = newFloor;
    }
  }
}
