package io.beadhub.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.ApiError;
import io.beadhub.common.Json;
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
          return deliver(c, to, c.required("subject"), body(c), priority == null ? "normal" : priority,
              c.uuid("thread_id"));
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
  private ObjectNode deliver(ToolCall c, List<String> recipients, String subject, String body, String priority,
                            UUID thread) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    List<String> done = new ArrayList<>();
    for (String alias : new LinkedHashSet<>(recipients)) {
      JsonNode sent;
      try {
        sent = Json.MAPPER.valueToTree(mail.send(c.caller(),
            new MailService.Send(null, alias, subject, body, priority, thread, SendIdentity.NONE)));
      } catch (ApiError e) {
        if (done.isEmpty()) {
          throw e;
        }
        throw new ToolError("Delivered to " + String.join(", ", done) + "; not to " + alias + ": " + Tool.message(e));
      }
      ObjectNode d = out.addObject();
      d.put("to", alias);
      d.setAll((ObjectNode) sent);
      done.add(alias);
    }
    ObjectNode result = Json.object();
    result.set("deliveries", out);
    result.put("count", out.size());
    return result;
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
      JsonNode inbox = Json.MAPPER.valueToTree(mail.inbox(c.caller(),
          new MailService.InboxQuery(false, filtered ? INBOX_MAX : limit, null, null)));
      ArrayNode messages = Json.MAPPER.createArrayNode();
      for (JsonNode m : inbox.path("messages")) {
        if (messages.size() >= limit) {
          break;
        }
        if (urgentOnly && !"urgent".equals(m.path("priority").asText())) {
          continue;
        }
        if (since != null && Instant.parse(m.path("created_at").asText()).isBefore(since)) {
          break; // newest first: everything after is older
        }
        messages.add(item(m, bodies));
      }
      ObjectNode result = Json.object();
      result.set("messages", messages);
      result.put("count", messages.size());
      return result;
    });
  }

  private static ObjectNode item(JsonNode m, boolean bodies) {
    ObjectNode o = Json.object();
    for (String f : List.of("message_id", "from_agent_id", "from_alias", "subject", "priority", "thread_id")) {
      o.set(f, m.get(f));
    }
    o.put("read", !m.path("read_at").isNull());
    o.set("read_at", m.get("read_at"));
    o.set("created_at", m.get("created_at"));
    if (bodies) {
      o.set("body", m.get("body"));
    }
    return o;
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
      JsonNode r = Json.MAPPER.valueToTree(mail.ack(c.caller(), c.requiredUuid("message_id")));
      ObjectNode o = Json.object();
      o.set("message_id", r.get("message_id"));
      if (acknowledge) {
        o.put("acknowledged", true);
        o.set("acknowledged_at", r.get("acknowledged_at"));
      } else {
        o.put("read", true);
      }
      o.set("read_at", r.get("acknowledged_at"));
      return o;
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
          ObjectNode result = Json.object();
          result.put("thread_id", thread.toString());
          result.put("reply_to", original.messageId().toString());
          result.setAll(deliver(c, to == null || to.isEmpty() ? List.of(original.fromAlias()) : to, subject, body,
              "normal", thread));
          return result;
        });
  }
}
