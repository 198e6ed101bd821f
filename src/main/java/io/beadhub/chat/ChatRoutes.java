package io.beadhub.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Access;
import io.beadhub.common.Uuids;
import io.beadhub.http.Body;
import io.beadhub.http.Reply;
import io.beadhub.http.Req;
import io.beadhub.http.Router;
import io.beadhub.http.ValidationError;
import io.beadhub.mail.MailRoutes;
import io.beadhub.messaging.AliasRules;
import io.beadhub.messaging.AwareTimes;
import io.beadhub.messaging.SendIdentityBody;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** {@code /v1/chat} (spec 20 §3). */
public final class ChatRoutes {
  private static final String INVALID_ID = "Invalid id format";

  private ChatRoutes() {
  }

  public static void register(Router r, ChatService s, ChatStreamService streams) {
    r.post("/v1/chat/sessions", Access.ACTOR, MailRoutes.MESSAGE_CAP, req -> s.create(req.caller(), create(req.body())))
        .returns(ChatService.Created.class).accepts(ChatRequests.NewSession.class);
    r.get("/v1/chat/sessions", Access.ACTOR, req -> s.sessions(req.caller())).returns(ChatService.Sessions.class);
    r.get("/v1/chat/pending", Access.ACTOR, req -> s.pending(req.caller())).returns(ChatService.Pending.class);
    r.post("/v1/chat/sessions/{session_id}/messages", Access.ACTOR, MailRoutes.MESSAGE_CAP, req -> {
      UUID session = session(req);
      Body b = req.body();
      String body = b.maxLen("body", b.requiredStr("body", 1, Integer.MAX_VALUE), MailRoutes.MAX_BODY);
      boolean hangOn = Boolean.TRUE.equals(b.bool("hang_on"));
      boolean leaving = Boolean.TRUE.equals(b.bool("leaving"));
      return s.send(req.caller(), session, new ChatService.InSession(body, hangOn, leaving, SendIdentityBody.read(b),
          escalateAfter(b)));
    }).returns(ChatService.Delivered.class).accepts(ChatRequests.InSession.class);
    r.get("/v1/chat/sessions/{session_id}/messages", Access.ACTOR, req -> {
      UUID session = session(req);
      boolean unread = req.query().bool("unread_only", false);
      int limit = req.query().integer("limit", 200, 1, 2000);
      return s.history(req.caller(), session, unread, limit);
    }).returns(ChatService.History.class);
    r.post("/v1/chat/sessions/{session_id}/read", Access.ACTOR, req -> {
      UUID session = session(req);
      Body b = req.body();
      String raw = b.requiredStr("up_to_message_id");
      UUID upTo = Uuids.parse(raw).orElseThrow(
          () -> ValidationError.body("up_to_message_id", "Invalid up_to_message_id format", raw));
      return s.markRead(req.caller(), session, upTo);
    }).returns(ChatService.Marked.class).accepts(ChatRequests.MarkRead.class);
    r.get("/v1/chat/sessions/{session_id}/stream", Access.ACTOR, req -> {
      String rawDeadline = req.query().str("deadline");
      if (rawDeadline == null || rawDeadline.isEmpty()) {
        throw ValidationError.of("missing", List.of("query", "deadline"), "Field required", null);
      }
      UUID session = session(req);
      ChatStreamService.Opened opened = streams.open(req.caller(), session);
      Instant deadline = time(rawDeadline, "deadline");
      String rawAfter = req.query().str("after");
      Instant after = rawAfter == null || rawAfter.isEmpty() ? null : time(rawAfter, "after");
      new ChatStream(streams, req.caller().projectId(), session, opened).run(req.ctx(), deadline, after);
      return Reply.HANDLED;
    }).stream("chat");
  }

  private static UUID session(Req req) {
    return req.pathUuidPlain("session_id", INVALID_ID);
  }

  /** RFC 3339 with an offset; the messages of §3.9. */
  static Instant time(String raw, String name) {
    return AwareTimes.parse(raw, name).toInstant();
  }

  private static ChatService.Create create(Body b) {
    JsonNode raw = b.raw("to_aliases");
    if (raw == null) {
      throw Body.missing("to_aliases");
    }
    if (!raw.isArray()) {
      throw ValidationError.of("list_type", List.of("body", "to_aliases"), "Input should be a valid list", raw);
    }
    Set<String> aliases = new LinkedHashSet<>();
    for (int i = 0; i < raw.size(); i++) {
      JsonNode n = raw.get(i);
      if (!n.isTextual()) {
        throw ValidationError.of("string_type", List.of("body", "to_aliases", i), "Input should be a valid string", n);
      }
      String a = n.textValue().trim();
      if (!a.isEmpty()) {
        aliases.add(AliasRules.check("to_aliases", a));
      }
    }
    if (aliases.isEmpty()) {
      throw ValidationError.body("to_aliases", "to_aliases must not be empty", raw);
    }
    String message = b.maxLen("message", b.requiredStr("message"), MailRoutes.MAX_BODY);
    boolean leaving = Boolean.TRUE.equals(b.bool("leaving"));
    return new ChatService.Create(new ArrayList<>(aliases), message, leaving, SendIdentityBody.read(b),
        escalateAfter(b));
  }

  private static Integer escalateAfter(Body b) {
    Long n = b.integer("escalate_after_seconds", 1, MailRoutes.MAX_ESCALATE_AFTER_SECONDS);
    return n == null ? null : n.intValue();
  }
}
