package io.beadhub.unseen;

import io.beadhub.common.BackgroundLoop;
import io.beadhub.db.Database;
import io.beadhub.escalations.Escalation;
import io.beadhub.escalations.EscalationStore;
import io.beadhub.events.Event;
import io.beadhub.events.EventBus;
import io.beadhub.events.EventStore;
import io.beadhub.mail.MailStore;
import io.beadhub.messaging.Actors;
import io.beadhub.notifications.SystemAgent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Escalate-if-unread (docs/delivery.md): a mail or chat message sent with {@code escalate_after_seconds}
 * that was not seen by then becomes an escalation to the project's human, with the mail attached, and the sender
 * gets a mail from the system agent saying so. Seen in time: the entry is settled with nothing done. Each
 * entry is settled in one transaction, so a restart repeats nothing.
 */
public final class UnseenEscalator implements AutoCloseable {
  static final int ATTACHED_BODY_MAX = 4000;

  private final Database db;
  private final EventBus bus;
  private final Clock clock;
  private final BackgroundLoop loop;

  public UnseenEscalator(Database db, EventBus bus, Clock clock, Duration tick) {
    this.db = db;
    this.bus = bus;
    this.clock = clock;
    this.loop = new BackgroundLoop("unseen-escalator", tick, closing -> pass());
  }

  private void pass() {
    for (UUID id : db.read(h -> UnseenStore.dueIds(h, clock.instant(), 100))) {
      settle(id);
    }
  }

  private void settle(UUID messageId) {
    List<Event> events = new ArrayList<>();
    db.tx(h -> {
      UnseenStore.Due d = UnseenStore.lock(h, messageId).orElse(null);
      if (d == null) {
        return null;
      }
      Instant now = clock.instant();
      if (d.seen() || !d.senderWorkspaceLive()) {
        UnseenStore.settle(h, messageId, null, now);
        return null;
      }
      long waited = Duration.between(d.createdAt(), d.escalateAt()).toSeconds();
      String subject = "Not seen after " + waited + "s: " + (d.subject().isEmpty() ? "(no subject)" : d.subject());
      String body = d.body().length() > ATTACHED_BODY_MAX ? d.body().substring(0, ATTACHED_BODY_MAX) + "…" : d.body();
      String situation = d.fromAlias() + " sent " + d.kind() + " message " + d.messageId() + " to " + d.toAlias()
          + ", not seen within " + waited + " seconds.\n\nSubject: " + d.subject() + "\n\n" + body;
      Escalation e = EscalationStore.insert(h, d.projectId(), d.fromAgentId(), d.fromAlias(), null,
          subject.length() > 500 ? subject.substring(0, 500) : subject, situation, null, now, now.plus(Duration.ofDays(1)));
      UnseenStore.settle(h, messageId, e.id(), now);
      String slug = Actors.projectSlug(h, d.projectId());
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("escalation_id", e.id());
      fields.put("alias", e.alias());
      fields.put("subject", e.subject());
      events.add(EventStore.record(h, d.projectId(), slug, d.fromAgentId(), "escalation.created", fields, now));
      SystemAgent.Sender system = SystemAgent.ensure(h, d.projectId());
      MailStore.deliver(h, d.projectId(), system.agentId(), system.alias(), d.fromAgentId(), subject,
          d.toAlias() + " did not see your " + d.kind() + " message " + d.messageId() + " within " + waited
              + " seconds. It was escalated "
              + "to the project's human as escalation " + e.id() + ".", "high", null,
          OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
      return null;
    });
    bus.publish(events);
  }

  @Override
  public void close() {
    loop.close();
  }

}
