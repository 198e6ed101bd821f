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
import java.time.Clock;
import java.time.Instant;
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
 * status change committing together, so a notification is delivered exactly once. {@code sender} null:
 * no mail store in this deployment, intents stay pending.
 */
public record Outbox(Database db, MailSender sender, EventBus bus, Clock clock) {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);
  public static final int MAX_ATTEMPTS = 5;
  public static final String RECIPIENT_GONE = "Recipient workspace not found or deleted";

  /** Processing outcomes of one run. */
  public record Processed(int sent, int failed) {
  }

  /** Undelivered entries of every project and the creation time of the oldest (null when there are none). */
  public record Backlog(long pending, java.time.Instant oldest) {
  }

  /** The undelivered entries (a metric: server-wide, not one project's). */
  public Backlog backlog() {
    return db.read(OutboxStore::backlog);
  }

  /** A live workspace's subscription to a bead. */
  public record Subscriber(UUID workspace, String alias, String beadId, Set<String> types) {
  }

  /** Adds to {@code b} the read of the live subscribers to the changed beads (null: no changes, nothing read). */
  public static Batch.Result<Subscriber> subscribers(Batch b, UUID project, String repo, List<BeadChange> changes) {
    if (changes.isEmpty()) {
      return null;
    }
    return OutboxStore.subscribers(b, project, repo,
        changes.stream().map(BeadChange::beadId).distinct().toArray(String[]::new));
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
    List<OutboxStore.Intent> intents = new ArrayList<>();
    for (BeadChange c : changes) {
      String subType = switch (c.kind()) {
        case "priority" -> "priority_change";
        case "assignee" -> "assignee_change";
        default -> "status_change";
      };
      Set<UUID> seen = new LinkedHashSet<>();
      for (Subscriber s : byBead.getOrDefault(c.beadId(), List.of())) {
        if ((s.types().contains(subType) || s.types().contains("all")) && seen.add(s.workspace())) {
          intents.add(new OutboxStore.Intent(s.workspace(), s.alias(),
              c.kind().equals("removed") ? "bead_removed" : "bead_" + subType, payload(c, repo, branch).toString()));
        }
      }
    }
    if (intents.isEmpty()) {
      return 0;
    }
    OutboxStore.insertPending(h, project, intents, now);
    return intents.size();
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
    List<UUID> candidates = db.read(h -> OutboxStore.due(h, project, clock.instant(), max));
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
      Optional<OutboxStore.Entry> found = OutboxStore.lockUnprocessed(h, id);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      OutboxStore.Entry e = found.get();
      Instant now = clock.instant();
      int attempts = e.attempts() + 1;
      Optional<OutboxStore.Recipient> to = OutboxStore.recipient(h, e.projectId(), e.recipientWorkspaceId());
      if (to.isEmpty()) {
        OutboxStore.finish(h, id, new OutboxStore.Outcome("dead", attempts, RECIPIENT_GONE, null, null), now);
        return Optional.of(false);
      }
      JsonNode payload = Json.tree(e.payload());
      SystemAgent.Sender from = SystemAgent.ensure(h, e.projectId());
      MailSender.Mail mail = new MailSender.Mail(e.projectId(), from.agentId(), from.alias(),
          e.recipientWorkspaceId(), to.get().alias(), MailFormat.subject(e.eventType(), payload),
          MailFormat.body(e.eventType(), payload), "normal",
          SystemAgent.uuid5(SystemAgent.URL_NAMESPACE, "bead:" + payload.path("bead_id").asText()));
      var savepoint = "outbox_delivery";
      h.savepoint(savepoint);
      try {
        UUID messageId = sender.send(h, mail);
        OutboxStore.finish(h, id, new OutboxStore.Outcome("completed", attempts, null, messageId, null), now);
        events.add(DeliveredEvent.record(h, e.projectId(), to.get().projectSlug(), e.recipientWorkspaceId(),
            mail.toAlias(), messageId, from, mail.subject(), mail.priority(), now));
        return Optional.of(true);
      } catch (RuntimeException ex) {
        h.rollbackToSavepoint(savepoint);
        String msg = String.valueOf(ex.getMessage());
        msg = msg.length() > 500 ? msg.substring(0, 500) : msg;
        boolean dead = attempts >= MAX_ATTEMPTS;
        OutboxStore.finish(h, id, new OutboxStore.Outcome(dead ? "dead" : "failed", attempts, msg, null,
            now.plusSeconds(30L * (1L << Math.min(attempts - 1, 20)))), now);
        return Optional.of(false);
      }
    });
    bus.publish(events);
    return out;
  }

  /** Deletes completed rows older than 7 days and dead rows older than 30 days. */
  public int cleanup() {
    Instant now = clock.instant();
    return db.tx(h -> OutboxStore.deleteOld(h, now));
  }
}
