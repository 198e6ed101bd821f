package io.beadhub.chat;

import io.beadhub.agents.Agent;
import io.beadhub.common.Caller;
import io.beadhub.db.Database;
import io.beadhub.delivery.DeliveryStore;
import io.beadhub.messaging.Actors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * What a chat stream (spec 20 §3.9–3.10) reads and waits on: its checks, where it starts, the replay
 * pages and the scans for new messages and cursors. {@link ChatStream} writes what this reads.
 */
public record ChatStreamService(Database db, ChatWake wake, WaitingRegistry waiting, Clock clock) {
  /** Without {@code after}, a stream replays the caller's own message of the last ten seconds onward. */
  static final Duration OWN_REPLAY_WINDOW = Duration.ofSeconds(10);

  /** The caller and the session's participants, once the stream's checks have passed. */
  record Opened(Agent me, List<Participant> participants) {
  }

  /**
   * Where a stream starts: the floor (the highest seq committed), the others' reported cursors, and the
   * seq after which the replay begins (-1: no replay).
   */
  record Start(long floor, Map<UUID, Long> reported, long replayAfter) {
  }

  /** New cursors and the first page of messages above a floor. */
  record Scan(List<ChatStore.Cursor> cursors, List<ChatStore.Message> page) {
  }

  /** The actor (404) and the session membership (404, 403) checks. */
  Opened open(Caller c, UUID sessionId) {
    return db.read(h -> {
      Agent me = Actors.require(h, c);
      return new Opened(me, ChatService.participantsFor(h, c, sessionId, me));
    });
  }

  /**
   * The floor, the other participants' reported cursors and the first seq to replay, in one snapshot: a send
   * committing between two reads would otherwise count its sender's receipt as reported while its message
   * is still to be streamed.
   */
  Start start(UUID sessionId, UUID me, Instant after) {
    return db.jdbi().inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
      long floor = ChatStore.maxSeq(h, sessionId);
      Map<UUID, Long> reported = new HashMap<>();
      for (ChatStore.Cursor c : ChatStore.othersCursors(h, sessionId, me)) {
        reported.put(c.agentId(), c.seq() == null ? 0L : c.seq());
      }
      if (after != null) {
        return new Start(floor, reported, 0L);
      }
      Instant cutoff = clock.instant().minus(OWN_REPLAY_WINDOW);
      return new Start(floor, reported, ChatStore.latestOwn(h, sessionId, me)
          .filter(o -> !o.createdAt().toInstant().isBefore(cutoff)).map(o -> o.seq() - 1).orElse(-1L));
    });
  }

  List<ChatStore.Message> replayPage(UUID sessionId, OffsetDateTime createdAfter, long afterSeq, long floor,
                                     int limit) {
    return db.read(h -> ChatStore.replayPage(h, sessionId, createdAfter, afterSeq, floor, limit));
  }

  Scan scan(UUID sessionId, UUID me, long floor, int limit) {
    // Cursors first: any message a cursor points to is then visible to the message queries.
    return db.read(h -> {
      List<ChatStore.Cursor> cursors = ChatStore.othersCursors(h, sessionId, me);
      return new Scan(cursors, ChatStore.since(h, sessionId, floor, limit));
    });
  }

  List<ChatStore.Message> since(UUID sessionId, long afterSeq, int limit) {
    return db.read(h -> ChatStore.since(h, sessionId, afterSeq, limit));
  }

  /** The newest other participant's message written to the caller's stream: it counts as seen (docs/delivery.md). */
  void markStreamed(UUID sessionId, UUID me, UUID messageId) {
    db.read(h -> {
      DeliveryStore.markChatStreamed(h, sessionId, me, messageId, OffsetDateTime.now(clock));
      return null;
    });
  }

  /** Streams end when their project is deleted. */
  boolean projectLive(UUID projectId) {
    return db.read(h -> ChatStore.projectLive(h, projectId));
  }
}
