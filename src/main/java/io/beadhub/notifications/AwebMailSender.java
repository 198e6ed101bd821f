package io.beadhub.notifications;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Mail into {@code aweb.messages} (spec 20 §1.1), the mail store of the messaging feature. */
public final class AwebMailSender implements MailSender {
  private final java.time.Clock clock;

  public AwebMailSender(java.time.Clock clock) {
    this.clock = clock;
  }

  /** True when the messaging schema is present in this database. */
  public static boolean available(Handle h) {
    return h.createQuery("SELECT to_regclass('aweb.messages') IS NOT NULL").mapTo(Boolean.class).one();
  }

  @Override
  public UUID send(Handle h, Mail m) {
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    h.createUpdate("""
        INSERT INTO aweb.messages (message_id, project_id, from_agent_id, to_agent_id, from_alias, subject, body,
                                   priority, thread_id, created_at)
        VALUES (:id, :p, :from, :to, :alias, :subject, :body, :priority, :thread, :now)
        """).bind("id", id).bind("p", m.projectId()).bind("from", m.fromAgentId()).bind("to", m.toAgentId())
        .bind("alias", m.fromAlias()).bind("subject", m.subject()).bind("body", m.body())
        .bind("priority", m.priority()).bind("thread", m.threadId())
        .bind("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).execute();
    return id;
  }
}
