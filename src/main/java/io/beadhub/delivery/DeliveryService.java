package io.beadhub.delivery;

import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Times;
import io.beadhub.db.Database;
import io.beadhub.messaging.Actors;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The delivery state of a mail or chat message, per recipient (docs/delivery.md). */
public record DeliveryService(Database db) {
  /** One recipient: {@code stored} → {@code notified} → {@code seen} → {@code acked}. */
  public record Recipient(UUID agentId, String alias, String state, String storedAt, String notifiedAt,
                          String seenThrough, String ackedAt) {
  }

  public record Delivery(UUID messageId, String kind, List<Recipient> recipients) {
  }

  /** One mail of the sent view; {@code delivery} has one entry per recipient (a mail has one). */
  public record SentItem(UUID messageId, UUID toAgentId, String toAlias, String subject, String priority,
                         UUID threadId, String createdAt, String readAt, List<Recipient> delivery) {
  }

  public record SentMail(List<SentItem> messages) {
  }

  /** {@code GET /v1/messages/sent}: the caller's newest mail with each one's delivery state. */
  public SentMail sent(Caller c, int limit) {
    return db.read(h -> {
      UUID me = Actors.require(h, c).agentId();
      return new SentMail(DeliveryStore.sent(h, c.projectId(), me, limit).stream().map(m -> new SentItem(
          m.messageId(), m.state().toAgentId(), m.state().toAlias(), m.subject(), m.priority(), m.threadId(),
          Times.zSecond(m.state().createdAt().toInstant()), m.state().readAt() == null ? null
              : Times.zSecond(m.state().readAt().toInstant()), List.of(mailRecipient(m.state())))).toList());
    });
  }

  /** Readable by the sender and by a recipient; 404 outside the caller's project. */
  public Delivery of(Caller c, UUID messageId) {
    return db.read(h -> {
      UUID me = Actors.require(h, c).agentId();
      Optional<DeliveryStore.MailState> mail = DeliveryStore.mail(h, c.projectId(), messageId);
      if (mail.isPresent()) {
        DeliveryStore.MailState m = mail.get();
        if (!me.equals(m.fromAgentId()) && !me.equals(m.toAgentId())) {
          throw ApiError.forbidden("Not authorized for this message");
        }
        return new Delivery(messageId, "mail", List.of(mailRecipient(m)));
      }
      DeliveryStore.ChatMessage chat = DeliveryStore.chat(h, c.projectId(), messageId)
          .orElseThrow(() -> ApiError.notFound("Message not found"));
      List<DeliveryStore.ChatRecipient> rs = DeliveryStore.chatRecipients(h, chat);
      if (!me.equals(chat.fromAgentId()) && rs.stream().noneMatch(r -> r.agentId().equals(me))) {
        throw ApiError.forbidden("Not authorized for this message");
      }
      String stored = at(chat.createdAt());
      return new Delivery(messageId, "chat", rs.stream().map(r -> new Recipient(r.agentId(), r.alias(),
          r.seen() ? "seen" : r.notifiedAt() != null ? "notified" : "stored", stored, at(r.notifiedAt()), null,
          null)).toList());
    });
  }

  private static Recipient mailRecipient(DeliveryStore.MailState m) {
    boolean seen = m.seenThrough() != null && !m.createdAt().isAfter(m.seenThrough());
    String state = m.readAt() != null ? "acked" : seen ? "seen" : m.notifiedAt() != null ? "notified" : "stored";
    return new Recipient(m.toAgentId(), m.toAlias(), state, at(m.createdAt()), at(m.notifiedAt()),
        at(m.seenThrough()), at(m.readAt()));
  }

  private static String at(OffsetDateTime t) {
    return t == null ? null : Times.isoZ(t.toInstant());
  }
}
