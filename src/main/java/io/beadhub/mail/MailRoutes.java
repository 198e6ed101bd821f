package io.beadhub.mail;

import io.beadhub.common.Access;
import io.beadhub.common.Uuids;
import io.beadhub.http.Body;
import io.beadhub.http.Query;
import io.beadhub.http.Router;
import io.beadhub.http.ValidationError;
import io.beadhub.messaging.AliasRules;
import io.beadhub.messaging.SendIdentityBody;
import java.util.List;
import java.util.UUID;

/** {@code /v1/messages} (spec 20 §2). */
public final class MailRoutes {
  public static final int MAX_SUBJECT = 4096;
  public static final int MAX_BODY = 1_048_576;
  /**
   * Body cap of the routes carrying a message: a maximal message fits in any encoding (a character written
   * as an escaped surrogate pair, {@code \\ud83d\\ude00}, is 12 bytes), with 1 MiB for the other fields.
   */
  public static final long MESSAGE_CAP = 12L * MAX_BODY + 1024 * 1024;
  public static final long MAX_ESCALATE_AFTER_SECONDS = 30L * 86_400;
  public static final List<String> PRIORITIES = List.of("low", "normal", "high", "urgent");

  private MailRoutes() {
  }

  public static void register(Router r, MailService s) {
    r.post("/v1/messages", Access.ACTOR, MESSAGE_CAP, req -> s.send(req.caller(), send(req.body())))
        .returns(MailService.Sent.class).accepts(MailRequests.Send.class);
    r.get("/v1/messages/inbox", Access.ACTOR, req -> s.inbox(req.caller(), inbox(req.query())))
        .returns(MailService.Inbox.class);
    r.post("/v1/messages/{message_id}/ack", Access.ACTOR,
        req -> s.ack(req.caller(), req.pathUuidPlain("message_id", "Invalid message_id format")))
        .returns(MailService.Acknowledged.class).acceptsNoBody();
  }

  private static MailService.Send send(Body b) {
    UUID toId = b.uuid("to_agent_id", "Invalid agent_id format").orElse(null);
    String toAlias = b.str("to_alias");
    if (toAlias != null) {
      toAlias = toAlias.trim();
      toAlias = toAlias.isEmpty() ? null : AliasRules.check("to_alias", toAlias);
    }
    String subject = b.str("subject", MAX_SUBJECT);
    String body = b.maxLen("body", b.requiredStr("body"), MAX_BODY);
    String priority = b.oneOf("priority", b.str("priority"), PRIORITIES);
    UUID thread = b.uuid("thread_id", "Invalid thread_id format").orElse(null);
    Long escalateAfter = b.integer("escalate_after_seconds", 1, MAX_ESCALATE_AFTER_SECONDS);
    return new MailService.Send(toId, toAlias, subject == null ? "" : subject, body,
        priority == null ? "normal" : priority, thread, SendIdentityBody.read(b),
        escalateAfter == null ? null : escalateAfter.intValue());
  }

  private static MailService.InboxQuery inbox(Query q) {
    boolean unread = q.bool("unread_only", false);
    int limit = q.integer("limit", 50, 1, 500);
    String rawThread = q.str("thread_id");
    UUID thread = null;
    if (rawThread != null && !rawThread.isEmpty()) {
      thread = Uuids.parse(rawThread)
          .orElseThrow(() -> ValidationError.query("thread_id", "Invalid thread_id format", rawThread));
    }
    return new MailService.InboxQuery(unread, limit, thread, q.filter("from_alias", 64));
  }
}
