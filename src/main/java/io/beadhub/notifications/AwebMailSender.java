package io.beadhub.notifications;

import io.beadhub.mail.MailStore;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Notification mail into {@code aweb.messages} (spec 20 §1.1), through the mail feature's store. */
public final class AwebMailSender implements MailSender {
  private final java.time.Clock clock;

  public AwebMailSender(java.time.Clock clock) {
    this.clock = clock;
  }

  @Override
  public UUID send(Handle h, Mail m) {
    return MailStore.deliver(h, m.projectId(), m.fromAgentId(), m.fromAlias(), m.toAgentId(), m.subject(), m.body(),
        m.priority(), m.threadId(), OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
  }
}
