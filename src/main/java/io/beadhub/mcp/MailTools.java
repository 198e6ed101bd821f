package io.beadhub.mcp;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.beadhub.common.ApiError;
import io.beadhub.common.Times;
import io.beadhub.mail.MailRoutes;
import io.beadhub.mail.MailService;
import io.beadhub.messaging.SendIdentity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * The original's Agent-Mail-compatible tools (spec 90 §2): {@code send_message}, {@code fetch_inbox},
 * {@code acknowledge_message}, {@code mark_message_read}, {@code reply_message}. Arguments and results
 * follow the original's; {@code fetch_inbox} wraps its list in {@code {"messages": [...], "count": n}}
 * because a tool's structured result is an object.
 */
final class MailTools {
  static final int MAX_RECIPIENTS = 50;
  /** The inbox is read at its largest when the tool filters what the service returns. */
  private static final int INBOX_MAX = 500;

  /** One recipient's mail: the REST send's answer, with whom it went to. */
  record Delivery(String to, UUID messageId, String status, String deliveredAt) {
  }

  record Deliveries(List<Delivery> deliveries, int count) {
  }

  record Replied(UUID threadId, UUID replyTo, List<Delivery> deliveries, int count) {
  }

  /**
   * A message as {@code fetch_inbox} shows it; {@code body} only when asked for. {@code deliveryState} is
   * this recipient's (docs/delivery.md): {@code acked} once read, else {@code seen}, since listing it is seeing it.
   */
  record InboxMessage(UUID messageId, UUID fromAgentId, String fromAlias, String subject, String priority,
                      UUID threadId, boolean read, String readAt, String createdAt,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String body, String deliveryState) {
  }

  record Inbox(List<InboxMessage> messages, int count) {
  }

  record Acknowledged(UUID messageId, boolean acknowledged, String acknowledgedAt, String readAt) {
  }

  record Read(UUID messageId, boolean read, String readAt) {
  }

  private final MailService mail;

  MailTools(MailService mail) {
    this.mail = mail;
  }

  List<Tool> tools() {
    return List.of(send(), inbox(), ack("acknowledge_message", "Acknowledge a message in your inbox (marks it read).", true),
        ack("mark_message_read", "Mark a message in your inbox as read.", false), reply());
  }

  private static Schema identity(Schema s, String aliasField, String aliasWhat) {
    return s.field("project_key", "string", "Project slug (optional; must be the API key's project)")
        .field(aliasField, "string", aliasWhat + " (optional; must be the API key's alias)");
  }

  private static Schema deliveries() {
    Schema delivery = Schema.object().field("to", "string").field("message_id", "string").field("status", "string")
        .field("delivered_at", "string").required("to", "message_id", "status", "delivered_at");
    return Schema.object().list("deliveries", delivery).field("count", "integer").required("deliveries", "count");
  }

  private Tool send() {
    Schema in = identity(Schema.object(), "sender_name", "Sender alias")
        .strings("to", "Recipient agent aliases", MAX_RECIPIENTS)
        .text("subject", "Message subject", MailRoutes.MAX_SUBJECT)
        .text("body_md", "Message body (markdown)", MailRoutes.MAX_BODY)
        .oneOf("importance", "Message priority (default normal)", MailRoutes.PRIORITIES)
        .field("thread_id", "string", "Thread UUID, to group messages")
        .required("to", "subject", "body_md");
    return new Tool("send_message", "Send a mail message to one or more agents of the project.", Tool.Effect.WRITE,
        in, deliveries(), c -> {
          c.sameProject();
          c.sameAlias("sender_name");
          List<String> to = c.strings("to");
          if (to == null || to.isEmpty()) {
            throw new ToolError("to must name at least one recipient");
          }
          String priority = c.trimmed("importance");
          List<Delivery> sent = deliver(c, to, c.required("subject"), body(c),
              priority == null ? "normal" : priority, c.uuid("thread_id"));
          return new Deliveries(sent, sent.size());
        });
  }

  private static String body(ToolCall c) {
    String body = c.str("body_md");
    if (body == null || body.isBlank()) {
      throw new ToolError("body_md is required");
    }
    return body;
  }

  /** One mail per recipient, in order; a failure after some went out says which did. */
  private List<Delivery> deliver(ToolCall c, List<String> recipients, String subject, String body, String priority,
                                 UUID thread) {
    List<Delivery> out = new ArrayList<>();
    for (String alias : new LinkedHashSet<>(recipients)) {
      MailService.Sent sent;
      try {
        sent = mail.send(c.caller(), new MailService.Send(null, alias, subject, body, priority, thread,
            SendIdentity.NONE));
      } catch (ApiError e) {
        if (out.isEmpty()) {
          throw e;
        }
        List<String> done = out.stream().map(Delivery::to).toList();
        throw new ToolError("Delivered to " + String.join(", ", done) + "; not to " + alias + ": " + Tool.message(e));
      }
      out.add(new Delivery(alias, sent.messageId(), sent.status(), sent.deliveredAt()));
    }
    return out;
  }

  private Tool inbox() {
    Schema in = identity(Schema.object(), "agent_name", "Your alias")
        .integer("limit", "Most messages to return, newest first (default 50)", 1, INBOX_MAX)
        .field("urgent_only", "boolean", "Only urgent messages")
        .field("include_bodies", "boolean", "Include message bodies (default true)")
        .field("since_ts", "string", "Only messages created at or after this ISO-8601 time (with an offset)");
    Schema message = Schema.object().field("message_id", "string").field("from_agent_id", "string")
        .field("from_alias", "string").field("subject", "string").field("priority", "string")
        .field("thread_id", "string|null").field("read", "boolean").field("read_at", "string|null")
        .field("created_at", "string").field("body", "string")
        .oneOf("delivery_state", "Yours: acked once read, else seen", List.of("seen", "acked"))
        .required("message_id", "from_alias", "subject", "priority", "read", "created_at");
    Schema out = Schema.object().list("messages", message).field("count", "integer").required("messages", "count");
    return new Tool("fetch_inbox", "Fetch the mail in your inbox, newest first.", Tool.Effect.READ, in, out, c -> {
      c.sameProject();
      c.sameAlias("agent_name");
      int limit = c.integer("limit", 50);
      boolean urgentOnly = c.bool("urgent_only", false);
      boolean bodies = c.bool("include_bodies", true);
      String rawSince = c.trimmed("since_ts");
      Instant since = rawSince == null ? null
          : Times.parseWithOffset(rawSince).orElseThrow(() -> new ToolError("Invalid since_ts format"));
      boolean filtered = urgentOnly || since != null;
      MailService.Inbox inbox = mail.inbox(c.caller(),
          new MailService.InboxQuery(false, filtered ? INBOX_MAX : limit, null, null));
      List<InboxMessage> messages = new ArrayList<>();
      for (MailService.InboxItem m : inbox.messages()) {
        if (messages.size() >= limit) {
          break;
        }
        if (urgentOnly && !"urgent".equals(m.priority())) {
          continue;
        }
        if (since != null && Instant.parse(m.createdAt()).isBefore(since)) {
          break; // newest first: everything after is older
        }
        messages.add(new InboxMessage(m.messageId(), m.fromAgentId(), m.fromAlias(), m.subject(), m.priority(),
            m.threadId(), m.readAt() != null, m.readAt(), m.createdAt(), bodies ? m.body() : null,
            m.readAt() != null ? "acked" : "seen"));
      }
      return new Inbox(messages, messages.size());
    });
  }

  private Tool ack(String name, String description, boolean acknowledge) {
    Schema in = identity(Schema.object(), "agent_name", "Your alias")
        .field("message_id", "string", "Message UUID").required("message_id");
    Schema out = acknowledge
        ? Schema.object().field("message_id", "string").field("acknowledged", "boolean")
            .field("acknowledged_at", "string").field("read_at", "string").required("message_id", "acknowledged")
        : Schema.object().field("message_id", "string").field("read", "boolean").field("read_at", "string")
            .required("message_id", "read");
    return new Tool(name, description, Tool.Effect.SET, in, out, c -> {
      c.sameProject();
      c.sameAlias("agent_name");
      MailService.Acknowledged r = mail.ack(c.caller(), c.requiredUuid("message_id"));
      return acknowledge ? new Acknowledged(r.messageId(), true, r.acknowledgedAt(), r.acknowledgedAt())
          : new Read(r.messageId(), true, r.acknowledgedAt());
    });
  }

  private Tool reply() {
    Schema in = identity(Schema.object(), "sender_name", "Your alias")
        .field("message_id", "string", "UUID of the message you reply to (one in your inbox)")
        .text("body_md", "Reply body (markdown)", MailRoutes.MAX_BODY)
        .strings("to", "Recipients instead of the original sender", MAX_RECIPIENTS)
        .text("subject_prefix", "Subject prefix (default Re:)", 64)
        .required("message_id", "body_md");
    Schema out = deliveries().field("thread_id", "string").field("reply_to", "string");
    return new Tool("reply_message", "Reply to a message in your inbox, in its thread.", Tool.Effect.WRITE, in, out,
        c -> {
          c.sameProject();
          c.sameAlias("sender_name");
          MailService.Original original = mail.original(c.caller(), c.requiredUuid("message_id"));
          String body = body(c);
          UUID thread = original.threadId() != null ? original.threadId() : original.messageId();
          List<String> to = c.strings("to");
          String prefix = c.trimmed("subject_prefix");
          String subject = (prefix == null ? "Re:" : prefix) + " " + original.subject();
          if (subject.length() > MailRoutes.MAX_SUBJECT) {
            subject = subject.substring(0, MailRoutes.MAX_SUBJECT);
          }
          List<Delivery> sent = deliver(c, to == null || to.isEmpty() ? List.of(original.fromAlias()) : to, subject,
              body, "normal", thread);
          return new Replied(thread, original.messageId(), sent, sent.size());
        });
  }
}
