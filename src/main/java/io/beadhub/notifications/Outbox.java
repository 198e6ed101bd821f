package io.beadhub.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.beads.BeadChange;
import io.beadhub.common.Json;
import io.beadhub.db.Batch;
import io.beadhub.db.Database;
import io.beadhub.db.DatabaseUnavailable;
import io.beadhub.events.Event;
import io.beadhub.events.EventBus;
import io.beadhub.events.EventStore;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification outbox (spec 40 §6.4, §7): intents recorded in the ingest transaction, then
 * processed one entry per transaction ({@code FOR UPDATE SKIP LOCKED}), the mail insert and the
 * status change committing together, so a notification is delivered exactly once.
 */
public final class Outbox {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);
  public static final int MAX_ATTEMPTS = 5;
  public static final String RECIPIENT_GONE = "Recipient workspace not found or deleted";

  /** Processing outcomes of one run. */
  public record Processed(int sent, int failed) {
  }

  private final Database db;
  private final MailSender sender;
  private final EventBus bus;
  private final Clock clock;

  /** {@code sender} null = no mail store in this deployment: intents stay pending. */
  public Outbox(Database db, MailSender sender, EventBus bus, Clock clock) {
    this.db = db;
    this.sender = sender;
    this.bus = bus;
    this.clock = clock;
  }

  private static OffsetDateTime odt(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  /** A live workspace's subscription to a bead. */
  public record Subscriber(UUID workspace, String alias, String beadId, Set<String> types) {
  }

  /** Adds to {@code b} the read of the live subscribers to the changed beads (null: no changes, nothing read). */
  public static Batch.Result<Subscriber> subscribers(Batch b, UUID project, String repo, List<BeadChange> changes) {
    if (changes.isEmpty()) {
      return null;
    }
    return b.query("""
        SELECT s.workspace_id, w.alias, s.bead_id, s.event_types
          FROM server.subscriptions s
          JOIN server.workspaces w ON w.workspace_id = s.workspace_id AND w.deleted_at IS NULL
         WHERE s.project_id = :p AND s.bead_id = ANY(:ids) AND (s.repo IS NULL OR s.repo = :r)
         ORDER BY s.created_at
        """, q -> q.bind("p", project).bind("r", repo)
            .bind("ids", changes.stream().map(BeadChange::beadId).distinct().toArray(String[]::new)),
        (rs, c) -> new Subscriber(rs.getObject("workspace_id", UUID.class), rs.getString("alias"),
            rs.getString("bead_id"), Set.of((String[]) rs.getArray("event_types").getArray())));
  }

  /**
   * In the ingest transaction: one pending row per (change, recipient workspace), from the
   * {@link #subscribers} read (null: none). Returns the count.
   */
  public static int recordIntents(Handle h, UUID project, String repo, String branch, List<BeadChange> changes,
                                  Batch.Result<Subscriber> subscribers, Instant now) {
    if (changes.isEmpty() || subscribers == null) {
      return 0;
    }
    Map<String, List<Subscriber>> byBead = new LinkedHashMap<>();
    subscribers.list().forEach(s -> byBead.computeIfAbsent(s.beadId(), k -> new ArrayList<>()).add(s));
    List<UUID> ws = new ArrayList<>();
    List<String> aliases = new ArrayList<>();
    List<String> types = new ArrayList<>();
    List<String> payloads = new ArrayList<>();
    for (BeadChange c : changes) {
      String subType = switch (c.kind()) {
        case "priority" -> "priority_change";
        case "assignee" -> "assignee_change";
        default -> "status_change";
      };
      Set<UUID> seen = new LinkedHashSet<>();
      for (Subscriber s : byBead.getOrDefault(c.beadId(), List.of())) {
        if ((s.types().contains(subType) || s.types().contains("all")) && seen.add(s.workspace())) {
          ws.add(s.workspace());
          aliases.add(s.alias());
          types.add(c.kind().equals("removed") ? "bead_removed" : "bead_" + subType);
          payloads.add(payload(c, repo, branch).toString());
        }
      }
    }
    if (ws.isEmpty()) {
      return 0;
    }
    h.createUpdate("""
        INSERT INTO server.notification_outbox (project_id, event_type, payload, recipient_workspace_id,
                                                recipient_alias, status, attempts, next_attempt_at, created_at)
        SELECT :p, t.type, CAST(t.payload AS jsonb), t.ws, t.alias, 'pending', 0, :now, :now
          FROM unnest(CAST(:ws AS uuid[]), CAST(:aliases AS text[]), CAST(:types AS text[]),
                      CAST(:payloads AS text[])) AS t(ws, alias, type, payload)
        """).bind("p", project).bind("now", odt(now)).bind("ws", ws.toArray(new UUID[0]))
        .bind("aliases", aliases.toArray(new String[0])).bind("types", types.toArray(new String[0]))
        .bind("payloads", payloads.toArray(new String[0])).execute();
    return ws.size();
  }

  private static ObjectNode payload(BeadChange c, String repo, String branch) {
    ObjectNode p = Json.object();
    p.put("bead_id", c.beadId());
    p.put("repo", repo);
    p.put("branch", branch);
    switch (c.kind()) {
      case "status" -> {
        p.put("old_status", c.oldValue());
        p.put("new_status", c.newValue());
      }
      case "priority" -> {
        p.put("old_priority", Integer.parseInt(c.oldValue()));
        p.put("new_priority", Integer.parseInt(c.newValue()));
      }
      case "assignee" -> {
        p.put("old_assignee", c.oldValue());
        p.put("new_assignee", c.newValue());
      }
      default -> p.put("reason", c.reason());
    }
    p.put("title", c.title());
    return p;
  }

  /** Processes due entries (of one project, or all when null): at most {@code max} entries or until the deadline. */
  public Processed process(UUID project, int max, long deadlineMillis) {
    if (sender == null) {
      return new Processed(0, 0);
    }
    List<UUID> candidates = db.read(h -> h.createQuery("""
            SELECT id FROM server.notification_outbox
             WHERE status IN ('pending', 'failed') AND next_attempt_at <= :now
               AND (CAST(:p AS uuid) IS NULL OR project_id = :p)
             ORDER BY created_at, id LIMIT :max
            """).bind("now", odt(clock.instant())).bind("p", project).bind("max", max).mapTo(UUID.class).list());
    int sent = 0;
    int failed = 0;
    long end = System.currentTimeMillis() + deadlineMillis;
    for (UUID id : candidates) {
      if (System.currentTimeMillis() > end) {
        break;
      }
      try {
        Optional<Boolean> r = processOne(id);
        if (r.isPresent()) {
          if (r.get()) {
            sent++;
          } else {
            failed++;
          }
        }
      } catch (RuntimeException e) {
        if (DatabaseUnavailable.is(e)) {
          throw e; // the rest would fail the same way; the entries stay due for the next run
        }
        log.warn("outbox entry {} could not be processed", id, e);
        failed++;
      }
    }
    return new Processed(sent, failed);
  }

  /** One entry in one transaction; empty when another processor holds it or it is no longer due. */
  Optional<Boolean> processOne(UUID id) {
    List<Event> events = new ArrayList<>();
    Optional<Boolean> out = db.tx(h -> {
      Optional<Map<String, Object>> row = h.createQuery("""
              SELECT id, project_id, event_type, payload::text AS payload, recipient_workspace_id, attempts
                FROM server.notification_outbox
               WHERE id = :id AND status IN ('pending', 'failed')
               FOR UPDATE SKIP LOCKED
              """).bind("id", id).mapToMap().findOne();
      if (row.isEmpty()) {
        return Optional.empty();
      }
      Instant now = clock.instant();
      UUID project = (UUID) row.get().get("project_id");
      UUID recipient = (UUID) row.get().get("recipient_workspace_id");
      int attempts = ((Number) row.get().get("attempts")).intValue() + 1;
      Optional<Map<String, Object>> target = h.createQuery("""
              SELECT w.alias, p.slug FROM server.workspaces w
                JOIN aweb.agents a ON a.agent_id = w.workspace_id AND a.deleted_at IS NULL
                JOIN server.projects p ON p.id = w.project_id
               WHERE w.workspace_id = :ws AND w.project_id = :p AND w.deleted_at IS NULL
              """).bind("ws", recipient).bind("p", project).mapToMap().findOne();
      if (target.isEmpty()) {
        finish(h, id, "dead", attempts, RECIPIENT_GONE, null, null, now);
        return Optional.of(false);
      }
      JsonNode payload = Json.tree((String) row.get().get("payload"));
      String type = (String) row.get().get("event_type");
      SystemAgent.Sender from = SystemAgent.ensure(h, project);
      String toAlias = (String) target.get().get("alias");
      MailSender.Mail mail = new MailSender.Mail(project, from.agentId(), from.alias(), recipient, toAlias,
          MailFormat.subject(type, payload), MailFormat.body(type, payload), "normal",
          SystemAgent.uuid5(SystemAgent.URL_NAMESPACE, "bead:" + payload.path("bead_id").asText()));
      var savepoint = "outbox_delivery";
      h.savepoint(savepoint);
      try {
        UUID messageId = sender.send(h, mail);
        finish(h, id, "completed", attempts, null, messageId, null, now);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("message_id", messageId.toString());
        f.put("from_workspace", from.agentId().toString());
        f.put("from_alias", from.alias());
        f.put("to_alias", toAlias);
        f.put("subject", mail.subject());
        f.put("priority", "normal");
        events.add(EventStore.record(h, project, (String) target.get().get("slug"), recipient, "message.delivered",
            f, now));
        return Optional.of(true);
      } catch (RuntimeException e) {
        h.rollbackToSavepoint(savepoint);
        String msg = String.valueOf(e.getMessage());
        msg = msg.length() > 500 ? msg.substring(0, 500) : msg;
        boolean dead = attempts >= MAX_ATTEMPTS;
        finish(h, id, dead ? "dead" : "failed", attempts, msg, null,
            now.plusSeconds(30L * (1L << Math.min(attempts - 1, 20))), now);
        return Optional.of(false);
      }
    });
    bus.publish(events);
    return out;
  }

  private static void finish(Handle h, UUID id, String status, int attempts, String error, UUID messageId,
                             Instant next, Instant now) {
    h.createUpdate("""
        UPDATE server.notification_outbox
           SET status = :status, attempts = :attempts, last_error = :error, message_id = :mid,
               processed_at = CASE WHEN :status = 'completed' THEN CAST(:now AS timestamptz) ELSE processed_at END,
               next_attempt_at = COALESCE(CAST(:next AS timestamptz), next_attempt_at)
         WHERE id = :id
        """).bind("status", status).bind("attempts", attempts).bind("error", error).bind("mid", messageId)
        .bind("now", odt(now)).bind("next", next == null ? null : odt(next)).bind("id", id).execute();
  }

  /** Deletes completed rows older than 7 days and dead rows older than 30 days. */
  public int cleanup() {
    return db.tx(h -> h.createUpdate("""
        DELETE FROM server.notification_outbox
         WHERE (status = 'completed' AND processed_at < now() - interval '7 days')
            OR (status = 'dead' AND created_at < now() - interval '30 days')
        """).execute());
  }
}
