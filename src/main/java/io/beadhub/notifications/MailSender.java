package io.beadhub.notifications;

import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Delivers one notification mail inside the caller's transaction; returns the message id. */
@FunctionalInterface
public interface MailSender {
  record Mail(UUID projectId, UUID fromAgentId, String fromAlias, UUID toAgentId, String toAlias, String subject,
              String body, String priority, UUID threadId) {
  }

  UUID send(Handle h, Mail mail);
}
