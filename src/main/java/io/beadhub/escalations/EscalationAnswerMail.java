package io.beadhub.escalations;

import io.beadhub.agents.Agent;
import io.beadhub.agents.AgentStore;
import io.beadhub.events.Event;
import io.beadhub.mail.MailStore;
import io.beadhub.notifications.DeliveredEvent;
import io.beadhub.notifications.SystemAgent;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * When a human answers an escalation, the escalating agent gets a mail (spec 50 §4.5), in the same
 * transaction as the answer. The sender is the responding agent when there is one, otherwise the
 * project's system agent (proxy users and unbound keys have no agent to send from).
 */
public final class EscalationAnswerMail implements ResponseNotifier {
  @Override
  public List<Event> responded(Handle h, Responded r) {
    Optional<Agent> recipient = AgentStore.findLive(h, r.projectId(), r.recipientAgentId());
    if (recipient.isEmpty()) {
      return List.of(); // the agent is gone; the answer itself is still recorded
    }
    Optional<Agent> responder = r.responderAgentId() == null ? Optional.empty()
        : AgentStore.findLive(h, r.projectId(), r.responderAgentId());
    SystemAgent.Sender from = responder.map(a -> new SystemAgent.Sender(a.agentId(), a.alias()))
        .orElseGet(() -> SystemAgent.ensure(h, r.projectId()));
    String subject = "Escalation answered: " + r.subject();
    StringBuilder body = new StringBuilder("Your escalation \"").append(r.subject()).append("\" was answered.\n\n")
        .append("Response: ").append(r.response()).append('\n');
    if (r.note() != null && !r.note().isBlank()) {
      body.append("Note: ").append(r.note()).append('\n');
    }
    body.append("\nEscalation id: ").append(r.escalationId());
    var messageId = MailStore.deliver(h, r.projectId(), from.agentId(), from.alias(), r.recipientAgentId(), subject,
        body.toString(), "high", null, OffsetDateTime.ofInstant(r.respondedAt(), ZoneOffset.UTC));
    return List.of(DeliveredEvent.record(h, r.projectId(), r.projectSlug(), r.recipientAgentId(),
        recipient.get().alias(), messageId, from, subject, "high", r.respondedAt()));
  }
}
