package io.beadhub.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.chat.ChatReplyService;
import io.beadhub.chat.ChatService;
import io.beadhub.common.Json;
import io.beadhub.mail.MailRoutes;
import io.beadhub.messaging.SendIdentity;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/** Chat (spec 90 §2, ours): {@code chat_send}, which can wait for the reply, and {@code chat_pending}. */
final class ChatTools {
  static final int MAX_WAIT_SECONDS = 600;
  /** How often a waiting call reports progress. */
  private static final long PROGRESS_SECONDS = 5;

  private final ChatService chat;
  private final ChatReplyService replies;

  ChatTools(ChatService chat, ChatReplyService replies) {
    this.chat = chat;
    this.replies = replies;
  }

  List<Tool> tools() {
    return List.of(send(), pending());
  }

  private Tool send() {
    Schema in = Schema.object()
        .strings("to", "Aliases to chat with (opens or reuses the session of exactly these participants)",
            MailTools.MAX_RECIPIENTS)
        .field("session_id", "string", "An existing chat session to send in, instead of to")
        .text("message", "The message", MailRoutes.MAX_BODY)
        .integer("wait_seconds", "Wait this long for the first reply, with progress notifications (0: do not wait)",
            0, MAX_WAIT_SECONDS)
        .field("leaving", "boolean", "You are leaving the conversation")
        .required("message");
    Schema reply = Schema.object().field("message_id", "string").field("from_agent", "string")
        .field("body", "string").field("timestamp", "string").required("message_id", "from_agent", "body");
    Schema participant = Schema.object().field("agent_id", "string").field("alias", "string");
    Schema out = Schema.object().field("session_id", "string").field("message_id", "string")
        .list("participants", participant).field("targets_connected", "array").field("targets_left", "array")
        .field("status", "string", "sent, replied or no_reply_yet").nested("reply", reply, true)
        .list("replies", reply).required("session_id", "message_id", "status");
    return new Tool("chat_send", "Send a chat message to agents (or in a session) and optionally wait for the reply.",
        Tool.Effect.WRITE, in, out, this::send);
  }

  private ObjectNode send(ToolCall c) {
    String message = c.str("message");
    if (message == null || message.isEmpty()) {
      throw new ToolError("message is required");
    }
    boolean leaving = c.bool("leaving", false);
    UUID session = c.uuid("session_id");
    List<String> to = c.strings("to");
    ObjectNode out = Json.object();
    if (session != null) {
      JsonNode sent = Json.MAPPER.valueToTree(chat.send(c.caller(), session,
          new ChatService.InSession(message, false, leaving, SendIdentity.NONE)));
      out.put("session_id", session.toString());
      out.set("message_id", sent.get("message_id"));
    } else {
      if (to == null || to.isEmpty()) {
        throw new ToolError("Give to (aliases) or session_id");
      }
      JsonNode created = Json.MAPPER.valueToTree(chat.create(c.caller(),
          new ChatService.Create(List.copyOf(new LinkedHashSet<>(to)), message, leaving, SendIdentity.NONE)));
      out.setAll((ObjectNode) created);
      out.remove("sse_url");
      session = UUID.fromString(created.get("session_id").asText());
    }
    int wait = c.integer("wait_seconds", 0);
    if (wait <= 0) {
      out.put("status", "sent");
      return out;
    }
    ArrayNode got = waitForReply(c, session, wait);
    out.put("status", got.isEmpty() ? "no_reply_yet" : "replied");
    out.set("reply", got.isEmpty() ? null : got.get(got.size() - 1));
    out.set("replies", got);
    if (!got.isEmpty()) {
      chat.markRead(c.caller(), session, UUID.fromString(got.get(got.size() - 1).get("message_id").asText()));
    }
    return out;
  }

  /** One reply as {@code chat_send} shows it. */
  record Reply(UUID messageId, String fromAgent, String body, String timestamp) {
  }

  /** The replies, reporting progress every few seconds; empty when none came or the client cancelled. */
  private ArrayNode waitForReply(ToolCall c, UUID session, int seconds) {
    long start = System.nanoTime();
    long[] reported = {0};
    c.progress(0, seconds, "waiting for a reply");
    ChatService.History unread;
    try {
      unread = replies.await(c.caller(), session, Duration.ofSeconds(seconds), () -> {
        long elapsed = (System.nanoTime() - start) / 1_000_000_000L;
        if (elapsed - reported[0] >= PROGRESS_SECONDS) {
          reported[0] = elapsed;
          c.progress(elapsed, seconds, "waiting for a reply (" + elapsed + " s)");
        }
        return !c.cancelled();
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ToolError("interrupted while waiting for a reply");
    }
    return Json.MAPPER.valueToTree(unread.messages().stream()
        .map(m -> new Reply(m.messageId(), m.fromAgent(), m.body(), m.timestamp())).toList());
  }

  private Tool pending() {
    Schema item = Schema.object().field("session_id", "string").field("participants", "array")
        .field("last_message", "string|null").field("last_from", "string|null").field("unread_count", "integer")
        .field("last_activity", "string").field("sender_waiting", "boolean")
        .field("time_remaining_seconds", "integer");
    Schema out = Schema.object().list("pending", item).field("messages_waiting", "integer")
        .required("pending", "messages_waiting");
    return new Tool("chat_pending", "List the chat conversations waiting for your reply.", Tool.Effect.READ,
        Schema.object(), out, c -> chat.pending(c.caller()));
  }
}
