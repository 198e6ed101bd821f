package io.beadhub.mail;

import io.beadhub.agents.Agent;
import io.beadhub.agents.AgentStore;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Times;
import io.beadhub.db.Database;
import io.beadhub.delivery.DeliveryStore;
import io.beadhub.delivery.MailWatermarks;
import io.beadhub.events.Event;
import io.beadhub.events.EventBus;
import io.beadhub.events.EventStore;
import io.beadhub.messaging.Actors;
import io.beadhub.messaging.SendIdentity;
import io.beadhub.messaging.StableIds;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jdbi.v3.core.HandleCallback;

/** Async mail (spec 20 §2): send, inbox, ack. */
public record MailService(Database db, EventBus bus, Clock clock) {
  /** A validated send request. {@code toAgentId} wins over {@code toAlias}. */
  public record Send(UUID toAgentId, String toAlias, String subject, String body, String priority, UUID threadId,
                     SendIdentity identity, Integer escalateAfterSeconds) {
    public Send(UUID toAgentId, String toAlias, String subject, String body, String priority, UUID threadId,
                SendIdentity identity) {
      this(toAgentId, toAlias, subject, body, priority, threadId, identity, null);
    }
  }

  public record InboxQuery(boolean unreadOnly, int limit, UUID threadId, String fromAlias) {
  }

  /** The answer to a send (and to its retry). */
  public record Sent(UUID messageId, String status, String deliveredAt) {
  }

  /** A sender's key rotation the recipient has not acknowledged yet (spec 20 §2.2). */
  public record RotationAnnouncement(String oldDid, String newDid, String timestamp, String oldKeySignature) {
  }

  /** One message of {@code GET /v1/messages/inbox}. */
  public record InboxItem(UUID messageId, UUID fromAgentId, String fromAlias, String fromAddress, String subject,
                          String body, String priority, UUID threadId, String readAt, String createdAt,
                          String fromDid, String fromStableId, String toDid, String toStableId, String toAddress,
                          String signature, String signingKeyId, RotationAnnouncement rotationAnnouncement,
                          boolean isContact) {
  }

  public record Inbox(List<InboxItem> messages) {
  }

  /** A message being replied to: who sent it, its subject and thread. */
  public record Original(UUID messageId, String fromAlias, String subject, UUID threadId) {
  }

  public record Acknowledged(UUID messageId, String acknowledgedAt) {
  }

  public Sent send(Caller c, Send s) {
    List<Event> events = new ArrayList<>();
    // No explicit transaction: the parties are read once (as a READ COMMITTED transaction would) and every
    // write of the send is one statement, atomic on its own; that saves the BEGIN/COMMIT round trip. A send
    // with escalate-if-unread writes its schedule too, so that one runs in a transaction.
    HandleCallback<Sent, RuntimeException> work = h -> {
      AgentStore.SenderAndRecipient parties = AgentStore.findSenderAndRecipient(h, c.projectId(), c.agentId(),
          s.toAgentId(), s.toAlias());
      Agent sender = parties.sender().orElseThrow(() -> ApiError.notFound(Actors.AGENT_NOT_FOUND));
      if (s.toAgentId() == null && s.toAlias() == null) {
        throw ApiError.unprocessable("Must provide to_agent_id or to_alias");
      }
      Agent to = parties.recipient().orElseThrow(() -> ApiError.notFound(Actors.AGENT_NOT_FOUND));
      if ("retired".equals(to.status())) {
        Agent successor = to.successorAgentId() == null ? null
            : AgentStore.findLive(h, c.projectId(), to.successorAgentId()).orElse(null);
        throw ApiError.gone("Agent is retired")
            .with("successor_alias", successor == null ? null : successor.alias())
            .with("successor_agent_id", to.successorAgentId());
      }
      SendIdentity.Resolved resolved = s.identity().resolve();
      String senderStable = StableIds.of(h, sender);
      String recipientStable = StableIds.of(h, to);
      SendIdentity id = s.identity();
      if (id.fromStableId() != null && !id.fromStableId().equals(senderStable)) {
        throw ApiError.forbidden("from_stable_id does not match sender stable_id");
      }
      if (id.toStableId() != null && !id.toStableId().equals(recipientStable)) {
        throw ApiError.forbidden("to_stable_id does not match recipient stable_id");
      }
      Instant now = clock.instant();
      UUID messageId = resolved.messageId() != null ? resolved.messageId() : UUID.randomUUID();
      Instant created = resolved.createdAt() != null ? resolved.createdAt() : now;
      boolean signed = id.signed();
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("message_id", messageId);
      fields.put("from_workspace", sender.agentId());
      fields.put("from_alias", sender.alias());
      fields.put("to_alias", to.alias());
      fields.put("subject", s.subject());
      fields.put("priority", s.priority());
      EventStore.Pending event = EventStore.pending(c.projectId(), Actors.projectSlug(h, c.projectId()), to.agentId(),
          "message.delivered", fields, now);
      long[] eventId = new long[1];
      MailStore.NewMessage m = new MailStore.NewMessage(messageId, c.projectId(),
          sender.agentId(), to.agentId(), sender.alias(), s.subject(), s.body(), s.priority(), s.threadId(),
          OffsetDateTime.ofInstant(created, ZoneOffset.UTC), id.fromDid(), id.toDid(),
          signed ? id.signature() : null, id.signingKeyId(),
          signed && id.fromStableId() != null ? id.fromStableId() : senderStable,
          signed && id.toStableId() != null ? id.toStableId() : recipientStable);
      OffsetDateTime stored = MailStore.send(h, m, event, eventId).orElse(null);
      if (stored == null) {
        // A client retrying a send whose answer it lost (a 503, a dropped connection) gets the stored
        // result; nothing is written twice. Another send reusing the id is still a conflict (20 §0.1).
        stored = MailStore.sameSend(h, m).orElseThrow(() -> ApiError.conflict("message_id already exists"));
      } else {
        events.add(event.recorded(eventId[0]));
        if (s.escalateAfterSeconds() != null) {
          DeliveryStore.scheduleEscalation(h, messageId, c.projectId(), "mail",
              OffsetDateTime.ofInstant(now.plusSeconds(s.escalateAfterSeconds()), ZoneOffset.UTC));
        }
      }
      return new Sent(messageId, "delivered", Times.zSecond(stored.toInstant()));
    };
    Sent out = s.escalateAfterSeconds() == null ? db.read(work) : db.tx(work);
    bus.publish(events);
    return out;
  }

  public Inbox inbox(Caller c, InboxQuery q) {
    // One read; then at most one more round trip, only when a rotation announcement is shown
    // (notified_at) or the page lists mail newer than the agent's watermark.
    MailStore.InboxPage page = db.jdbc(conn -> MailStore.inbox(conn, c.projectId(), c.agentId(), q.unreadOnly(),
        q.limit(), q.threadId(), q.fromAlias())).orElseThrow(() -> ApiError.notFound(Actors.AGENT_NOT_FOUND));
    boolean unfiltered = !page.rows().isEmpty() && q.threadId() == null && q.fromAlias() == null;
    if (!page.announcements().isEmpty() || unfiltered) {
      OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
      db.read(h -> {
        if (!page.announcements().isEmpty()) {
          MailStore.markNotified(h, c.agentId(), page.announcements().values(), now);
        }
        if (unfiltered) {
          MailWatermarks.advance(h, c.projectId(), c.agentId(), page.rows().get(0).createdAt(), now);
        }
        return null;
      });
    }
    String myAddress = Agent.address(page.ownerNamespace(), page.ownerAlias());
    return new Inbox(page.rows().stream().map(r -> item(r, page.ownerNamespace(), myAddress,
        page.announcements().get(r.fromAgentId()))).toList());
  }

  private static InboxItem item(MailStore.Row r, String namespace, String myAddress, MailStore.Announcement a) {
    return new InboxItem(r.messageId(), r.fromAgentId(), r.fromAlias(), Agent.address(namespace, r.fromAlias()),
        r.subject(), r.body(), r.priority(), r.threadId(),
        r.readAt() == null ? null : Times.zSecond(r.readAt().toInstant()), Times.zSecond(r.createdAt().toInstant()),
        r.fromDid(), r.fromStableId(), r.toDid(), r.toStableId(), myAddress, r.signature(), r.signingKeyId(),
        a == null ? null : new RotationAnnouncement(a.oldDid(), a.newDid(), a.timestamp(), a.oldKeySignature()),
        false);
  }

  public Acknowledged ack(Caller c, UUID messageId) {
    List<Event> events = new ArrayList<>();
    Acknowledged out = db.tx(h -> {
      Agent me = Actors.require(h, c);
      MailStore.AckTarget m = MailStore.findForAck(h, c.projectId(), messageId)
          .orElseThrow(() -> ApiError.notFound("Message not found"));
      if (!Objects.equals(m.toAgentId(), me.agentId())) {
        throw ApiError.forbidden("Not authorized to acknowledge this message");
      }
      OffsetDateTime readAt = m.readAt();
      if (readAt == null) {
        Instant now = clock.instant();
        readAt = MailStore.markRead(h, messageId, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("message_id", messageId);
        fields.put("from_alias", m.fromAlias());
        fields.put("subject", m.subject());
        events.add(EventStore.record(h, c.projectId(), Actors.projectSlug(h, c.projectId()), me.agentId(),
            "message.acknowledged", fields, now));
      }
      return new Acknowledged(messageId, Times.zSecond(readAt.toInstant()));
    });
    bus.publish(events);
    return out;
  }

  /** The message the caller replies to (MCP {@code reply_message}); only its recipient may. */
  public Original original(Caller c, UUID messageId) {
    return db.read(h -> {
      Agent me = Actors.require(h, c);
      MailStore.ReplyTarget m = MailStore.findForReply(h, c.projectId(), messageId)
          .orElseThrow(() -> ApiError.notFound("Message not found"));
      if (!Objects.equals(m.toAgentId(), me.agentId())) {
        throw ApiError.forbidden("Not authorized for this message");
      }
      return new Original(messageId, m.fromAlias(), m.subject(), m.threadId());
    });
  }
}
