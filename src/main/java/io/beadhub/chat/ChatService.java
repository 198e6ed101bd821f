package io.beadhub.chat;

import io.beadhub.agents.Agent;
import io.beadhub.agents.AgentStore;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Times;
import io.beadhub.db.Database;
import io.beadhub.delivery.DeliveryStore;
import io.beadhub.events.Event;
import io.beadhub.events.EventBus;
import io.beadhub.events.EventStore;
import io.beadhub.mail.MailStore;
import io.beadhub.messaging.Actors;
import io.beadhub.messaging.SendIdentity;
import io.beadhub.messaging.StableIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Synchronous chat (spec 20 §3): sessions, sends, pending, history, read cursors. */
public record ChatService(Database db, EventBus bus, ChatWake wake, WaitingRegistry waiting, Clock clock) {
  static final String SESSION_NOT_FOUND = "Session not found";
  static final String NOT_PARTICIPANT = "Not a participant in this session";

  /** {@code escalateAfterSeconds} null: no escalate-if-unread (docs/delivery.md). */
  public record Create(List<String> toAliases, String message, boolean leaving, SendIdentity identity,
                       Integer escalateAfterSeconds) {
    public Create(List<String> toAliases, String message, boolean leaving, SendIdentity identity) {
      this(toAliases, message, leaving, identity, null);
    }
  }

  public record InSession(String body, boolean hangOn, boolean leaving, SendIdentity identity,
                          Integer escalateAfterSeconds) {
    public InSession(String body, boolean hangOn, boolean leaving, SendIdentity identity) {
      this(body, hangOn, leaving, identity, null);
    }
  }

  /** The answer to a session's first message ({@code POST /v1/chat/sessions}). */
  public record Created(UUID sessionId, UUID messageId, List<Participant> participants, String sseUrl,
                        List<String> targetsConnected, List<String> targetsLeft) {
  }

  /** The answer to a message in a session. */
  public record Delivered(UUID messageId, boolean delivered, int extendsWaitSeconds) {
  }

  /** One session of {@code GET /v1/chat/pending}: it has messages from others that the caller has not read. */
  public record PendingItem(UUID sessionId, List<String> participants, String lastMessage, String lastFrom,
                            int unreadCount, String lastActivity, boolean senderWaiting, int timeRemainingSeconds) {
  }

  public record Pending(List<PendingItem> pending, int messagesWaiting) {
  }

  public record SessionItem(UUID sessionId, List<String> participants, String createdAt, boolean senderWaiting) {
  }

  public record Sessions(List<SessionItem> sessions) {
  }

  /** One message of {@code GET /v1/chat/sessions/{id}/messages}. */
  public record HistoryItem(UUID messageId, String fromAgent, String fromAddress, String body, String timestamp,
                            boolean senderLeaving, boolean hangOn, String toAddress, String fromDid,
                            String fromStableId, String toDid, String toStableId, String signature,
                            String signingKeyId, boolean isContact) {
  }

  public record History(List<HistoryItem> messages) {
  }

  public record Marked(boolean success, int messagesMarked) {
  }

  /** A committed send; {@code replay} when it was a client's retry of a message already stored. */
  private record Sent(UUID sessionId, UUID messageId, List<Event> events, boolean replay) {
  }

  /** Lowercase hex SHA-256 of the sorted, de-duplicated lowercase UUIDs joined with {@code ,} (§3.1). */
  static String participantHash(Iterable<UUID> agents) {
    TreeSet<String> ids = new TreeSet<>();
    agents.forEach(a -> ids.add(a.toString()));
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest(String.join(",", ids).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public Created create(Caller c, Create req) {
    Created[] result = new Created[1];
    Sent sent = db.tx(h -> {
      Agent sender = Actors.require(h, c);
      if (req.toAliases().contains(sender.alias())) {
        throw ApiError.badRequest("Self-chat is not supported");
      }
      List<Agent> targets = new ArrayList<>();
      for (String alias : req.toAliases()) {
        targets.add(AgentStore.findLiveByAlias(h, c.projectId(), alias)
            .orElseThrow(() -> ApiError.notFound(Actors.AGENT_NOT_FOUND)));
      }
      targets.sort(Comparator.comparing(Agent::alias));
      List<Participant> ps = new ArrayList<>();
      ps.add(new Participant(sender.agentId(), sender.alias()));
      targets.forEach(t -> ps.add(new Participant(t.agentId(), t.alias())));
      ps.sort(Comparator.comparing(Participant::alias));
      List<String> stableIds = new ArrayList<>();
      for (Agent t : targets) {
        stableIds.add(StableIds.of(h, t));
      }
      SendIdentity.Resolved resolved = checkIdentity(h, sender, stableIds, req.identity());
      UUID sessionId = ChatStore.findOrCreateSession(h, c.projectId(),
          participantHash(ps.stream().map(Participant::agentId).toList()));
      ChatStore.upsertParticipants(h, sessionId, ps);
      Sent s = insert(h, c, sender, sessionId, ps, req.message(), req.leaving(), false, req.identity(), resolved,
          stableIds);
      scheduleEscalation(h, c, s, req.escalateAfterSeconds());
      Set<UUID> left = Set.copyOf(ChatStore.leftAgents(h, sessionId));
      Set<UUID> connected = waiting.waiting(sessionId);
      result[0] = new Created(sessionId, s.messageId(), ps, "/v1/chat/sessions/" + sessionId + "/stream",
          targets.stream().filter(t -> connected.contains(t.agentId())).map(Agent::alias).toList(),
          targets.stream().filter(t -> left.contains(t.agentId())).map(Agent::alias).toList());
      return s;
    });
    afterSend(sent);
    return result[0];
  }

  public Delivered send(Caller c, UUID sessionId, InSession req) {
    Sent sent = db.tx(h -> {
      Agent sender = Actors.require(h, c);
      List<Participant> ps = participantsFor(h, c, sessionId, sender);
      List<String> stableIds = new ArrayList<>();
      for (Participant p : ps) {
        if (!p.agentId().equals(sender.agentId())) {
          Agent a = AgentStore.findAny(h, c.projectId(), p.agentId()).orElse(null);
          stableIds.add(a == null ? null : StableIds.of(h, a));
        }
      }
      SendIdentity.Resolved resolved = checkIdentity(h, sender, stableIds, req.identity());
      Sent s = insert(h, c, sender, sessionId, ps, req.body(), req.leaving(), req.hangOn(), req.identity(), resolved,
          stableIds);
      scheduleEscalation(h, c, s, req.escalateAfterSeconds());
      return s;
    });
    afterSend(sent);
    return new Delivered(sent.messageId(), true, req.hangOn() ? ChatJson.HANG_ON_SECONDS : 0);
  }

  private void scheduleEscalation(Handle h, Caller c, Sent s, Integer afterSeconds) {
    if (afterSeconds != null && !s.replay()) {
      DeliveryStore.scheduleEscalation(h, s.messageId(), c.projectId(), "chat",
          OffsetDateTime.ofInstant(clock.instant().plusSeconds(afterSeconds), ZoneOffset.UTC));
    }
  }

  private void afterSend(Sent s) {
    if (s.replay()) {
      return;
    }
    wake.publish(s.sessionId(), "message", s.messageId());
    bus.publish(s.events());
  }

  /** The session's participants, after the session (404) and membership (403) checks. */
  static List<Participant> participantsFor(Handle h, Caller c, UUID sessionId, Agent me) {
    if (!ChatStore.sessionExists(h, c.projectId(), sessionId)) {
      throw ApiError.notFound(SESSION_NOT_FOUND);
    }
    List<Participant> ps = ChatStore.participants(h, sessionId);
    if (ps.stream().noneMatch(p -> p.agentId().equals(me.agentId()))) {
      throw ApiError.forbidden(NOT_PARTICIPANT);
    }
    return ps;
  }

  /** Signed-send requirements and stable-id checks (§0.1); {@code others} in alias order. */
  private static SendIdentity.Resolved checkIdentity(Handle h, Agent sender, List<String> others, SendIdentity id) {
    SendIdentity.Resolved resolved = id.resolve();
    if (id.fromStableId() != null && !id.fromStableId().equals(StableIds.of(h, sender))) {
      throw ApiError.forbidden("from_stable_id does not match sender stable_id");
    }
    if (id.toStableId() != null && !id.toStableId().equals(expectedTo(others))) {
      throw ApiError.forbidden("to_stable_id does not match recipient stable_id(s)");
    }
    return resolved;
  }

  private static String expectedTo(List<String> others) {
    return others.contains(null) ? null : String.join(",", others);
  }

  private Sent insert(Handle h, Caller c, Agent sender, UUID sessionId, List<Participant> ps, String body,
                      boolean leaving, boolean hangOn, SendIdentity id, SendIdentity.Resolved resolved,
                      List<String> othersStable) {
    Instant now = clock.instant();
    OffsetDateTime nowOdt = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    UUID messageId = resolved.messageId() != null ? resolved.messageId() : UUID.randomUUID();
    Instant created = resolved.createdAt() != null ? resolved.createdAt() : now;
    String fromAlias = ps.stream().filter(p -> p.agentId().equals(sender.agentId())).findFirst()
        .map(Participant::alias).orElse(sender.alias());
    boolean signed = id.signed();
    String senderStable = StableIds.of(h, sender);
    ChatStore.NewMessage m = new ChatStore.NewMessage(messageId, sessionId,
        sender.agentId(), fromAlias, body, OffsetDateTime.ofInstant(created, ZoneOffset.UTC), leaving, hangOn,
        id.fromDid(), id.toDid(), signed ? id.signature() : null, id.signingKeyId(),
        signed && id.fromStableId() != null ? id.fromStableId() : senderStable,
        signed && id.toStableId() != null ? id.toStableId() : expectedTo(othersStable));
    ChatStore.Inserted ins = ChatStore.insertMessage(h, m).orElse(null);
    if (ins == null) {
      // A retry of a send already stored answers as the first did, writing nothing; another message
      // reusing the id is still a conflict (20 §0.1).
      if (!ChatStore.sameMessage(h, m)) {
        throw ApiError.conflict("message_id already exists");
      }
      return new Sent(sessionId, messageId, List.of(), true);
    }
    ChatStore.advanceCursor(h, sessionId, sender.agentId(), messageId, ins.seq(), nowOdt);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("session_id", sessionId);
    fields.put("message_id", messageId);
    fields.put("from_alias", fromAlias);
    fields.put("to_aliases", ps.stream().filter(p -> !p.agentId().equals(sender.agentId()))
        .map(Participant::alias).toList());
    fields.put("preview", preview(body));
    Event e = EventStore.record(h, c.projectId(), Actors.projectSlug(h, c.projectId()), sender.agentId(),
        "chat.message_sent", fields, now);
    return new Sent(sessionId, messageId, List.of(e), false);
  }

  static String preview(String body) {
    if (body.codePointCount(0, body.length()) <= 80) {
      return body;
    }
    return body.substring(0, body.offsetByCodePoints(0, 80));
  }

  public Pending pending(Caller c) {
    return db.read(h -> {
      Agent me = Actors.require(h, c);
      List<ChatStore.PendingRow> rows = ChatStore.pending(h, c.projectId(), me.agentId());
      Others o = others(h, me, rows.stream().map(ChatStore.PendingRow::sessionId).toList());
      List<PendingItem> items = rows.stream().map(r -> new PendingItem(r.sessionId(), o.aliases(r.sessionId()),
          r.lastMessage(), r.lastFrom(), r.unread(), Times.zSecond(r.lastActivity().toInstant()),
          o.waiting(r.sessionId()), 0)).toList();
      return new Pending(items, MailStore.unreadCount(h, c.projectId(), me.agentId()));
    });
  }

  public Sessions sessions(Caller c) {
    return db.read(h -> {
      Agent me = Actors.require(h, c);
      List<ChatStore.SessionRow> rows = ChatStore.sessionsOf(h, c.projectId(), me.agentId());
      Others o = others(h, me, rows.stream().map(ChatStore.SessionRow::sessionId).toList());
      return new Sessions(rows.stream().map(r -> new SessionItem(r.sessionId(), o.aliases(r.sessionId()),
          Times.zSecond(r.createdAt().toInstant()), o.waiting(r.sessionId()))).toList());
    });
  }

  /** For a list of the caller's sessions: each one's participants, and who has a stream open on it. */
  private record Others(UUID me, Map<UUID, List<Participant>> participants, Map<UUID, Set<UUID>> streams) {
    List<String> aliases(UUID session) {
      List<Participant> ps = participants.get(session);
      return ps == null ? List.of() : ps.stream().map(Participant::alias).toList();
    }

    /** Whether another participant is waiting on the session (has a stream open). */
    boolean waiting(UUID session) {
      Set<UUID> agents = streams.get(session);
      return agents != null && agents.stream().anyMatch(a -> !a.equals(me));
    }
  }

  private Others others(Handle h, Agent me, List<UUID> sessionIds) {
    return new Others(me.agentId(), ChatStore.participantsOf(h, sessionIds), waiting.waiting(sessionIds));
  }

  public History history(Caller c, UUID sessionId, boolean unreadOnly, int limit) {
    return db.read(h -> {
      Agent me = Actors.require(h, c);
      List<Participant> ps = participantsFor(h, c, sessionId, me);
      return new History(ChatStore.history(h, sessionId, me.agentId(), unreadOnly, limit).stream()
          .map(m -> ChatJson.historyItem(m, ps, me.namespaceSlug())).toList());
    });
  }

  public Marked markRead(Caller c, UUID sessionId, UUID upTo) {
    int[] marked = {0};
    boolean moved = db.tx(h -> {
      Agent me = Actors.require(h, c);
      participantsFor(h, c, sessionId, me);
      long seq = ChatStore.seqOf(h, sessionId, upTo).orElseThrow(() -> ApiError.notFound("Message not found"));
      long current = ChatStore.cursorForUpdate(h, sessionId, me.agentId()).orElse(0L);
      if (seq <= current) {
        return false;
      }
      if (!ChatStore.advanceCursor(h, sessionId, me.agentId(), upTo, seq,
          OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))) {
        return false;
      }
      marked[0] = ChatStore.countFromOthers(h, sessionId, me.agentId(), current, seq);
      return true;
    });
    if (moved) {
      wake.publish(sessionId, "receipt", null);
    }
    return new Marked(true, marked[0]);
  }
}
