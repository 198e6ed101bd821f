package io.beadhub.mcp;

import io.beadhub.attention.AttentionService;
import io.beadhub.common.Json;
import io.beadhub.delivery.DeliveryService;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Ours (docs/delivery.md): {@code fetch_sent}, the caller's mail with each recipient's delivery state, and
 * {@code attention}, what needs the caller now ({@code GET /v1/attention}'s answer).
 */
final class DeliveryTools {
  private static final int SENT_MAX = 500;

  record Sent(List<DeliveryService.SentItem> messages, int count) {
  }

  private final DeliveryService delivery;
  private final AttentionService attention;

  DeliveryTools(DeliveryService delivery, AttentionService attention) {
    this.delivery = delivery;
    this.attention = attention;
  }

  List<Tool> tools() {
    return List.of(sent(), attention());
  }

  static Schema recipient() {
    return Schema.object().field("agent_id", "string").field("alias", "string")
        .oneOf("state", null, List.of("stored", "notified", "seen", "acked")).field("stored_at", "string")
        .field("notified_at", "string|null").field("seen_through", "string|null").field("acked_at", "string|null")
        .required("agent_id", "alias", "state");
  }

  private Tool sent() {
    Schema in = Schema.object().field("agent_name", "string", "Your alias (optional; must be the API key's)")
        .integer("limit", "Most messages to return, newest first (default 50)", 1, SENT_MAX);
    Schema message = Schema.object().field("message_id", "string").field("to_agent_id", "string")
        .field("to_alias", "string").field("subject", "string").field("priority", "string")
        .field("thread_id", "string|null").field("created_at", "string").field("read_at", "string|null")
        .list("delivery", recipient())
        .required("message_id", "to_alias", "subject", "created_at", "delivery");
    Schema out = Schema.object().list("messages", message).field("count", "integer").required("messages", "count");
    return new Tool("fetch_sent", "The mail you sent, newest first, with whether each recipient has it "
        + "stored, notified, seen or acked.", Tool.Effect.READ, in, out, c -> {
          c.sameAlias("agent_name");
          DeliveryService.SentMail s = delivery.sent(c.caller(), c.integer("limit", 50));
          return new Sent(s.messages(), s.messages().size());
        });
  }

  private Tool attention() {
    Schema in = Schema.object();
    Schema out = Schema.object().field("unread_mail", "integer").field("urgent_mail", "integer")
        .field("latest_unread", "object|null").field("chats_waiting", "array")
        .field("escalation_answers", "array").field("stale_claims", "array").field("ready_work", "array")
        .required("unread_mail", "urgent_mail", "chats_waiting", "escalation_answers", "stale_claims", "ready_work");
    return new Tool("attention", "What needs you now: unread and urgent mail, chats waiting for you, answers "
        + "to your escalations, claims gone stale, ready work. Cheap; call it often.", Tool.Effect.READ, in, out,
        c -> Json.tree(new String(attention.of(c.caller()).json(), StandardCharsets.UTF_8)));
  }
}
