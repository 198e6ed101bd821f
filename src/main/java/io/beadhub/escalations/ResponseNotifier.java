package io.beadhub.escalations;

import io.beadhub.events.Event;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Tells the escalating agent that a human answered (spec 50 §4.5: a mail to the agent). Runs inside
 * the respond transaction so the mail commits with the answer; returns the events it recorded, which
 * are published after the commit. {@link #NONE} until the mail feature provides an implementation.
 */
@FunctionalInterface
public interface ResponseNotifier {
  ResponseNotifier NONE = (h, r) -> List.of();

  /**
   * {@code recipientAgentId} is the escalation's workspace id (= the agent id); {@code responderAgentId}
   * is the responding caller's agent, or null (proxy users, unbound keys).
   */
  record Responded(UUID projectId, String projectSlug, UUID escalationId, UUID recipientAgentId, String recipientAlias,
                   String subject, String response, String note, UUID responderAgentId, Instant respondedAt) {
  }

  List<Event> responded(Handle h, Responded r);
}
