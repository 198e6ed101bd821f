package io.beadhub.escalations;

import io.beadhub.auth.ActorBinding;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Times;
import io.beadhub.db.Database;
import io.beadhub.events.Event;
import io.beadhub.events.EventBus;
import io.beadhub.events.EventStore;
import io.beadhub.projects.ProjectStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Escalations (spec 50 §4): an agent asks a human to decide. Due escalations are marked expired
 * before any read or answer, so no background job is needed; events go out after the commit.
 */
public record EscalationService(Database db, EventBus bus, ResponseNotifier notifier, Clock clock) {
  static final String NOT_FOUND = "Escalation not found";
  static final String FOREIGN_WORKSPACE = "Workspace not found or does not belong to your project";

  /** A create request, validated. */
  public record NewEscalation(UUID workspaceId, String alias, String subject, String situation, List<String> options,
                              int expiresInHours, String memberEmail) {
  }

  public record Created(UUID escalationId, String status, String createdAt, String expiresAt) {
  }

  /** A list page: up to {@code limit} items and the next cursor (null on the last page). */
  public record Page(List<Item> escalations, boolean hasMore, String nextCursor) {
    public record Item(UUID escalationId, String alias, String subject, String status, String createdAt,
                       String expiresAt) {
    }
  }

  /** One escalation; {@code memberEmail} is withheld from public readers. */
  public record Detail(UUID escalationId, UUID workspaceId, String alias, String memberEmail, String subject,
                       String situation, List<String> options, String status, String response, String responseNote,
                       String createdAt, String respondedAt, String expiresAt) {
  }

  public record Responded(UUID escalationId, String status, String response, String responseNote,
                          String respondedAt) {
  }

  public Created create(Caller caller, NewEscalation n) {
    ActorBinding.check(caller, n.workspaceId());
    UUID project = caller.projectId();
    Instant now = now();
    List<Event> events = new ArrayList<>();
    Escalation e = db.tx(h -> {
      EscalationStore.Workspace ws = EscalationStore.liveWorkspace(h, project, n.workspaceId())
          .orElseThrow(() -> ApiError.forbidden(FOREIGN_WORKSPACE));
      if (!ws.alias().equals(n.alias())) {
        throw ApiError.forbidden("Alias does not match workspace_id");
      }
      Escalation row = EscalationStore.insert(h, project, n.workspaceId(), n.alias(), n.memberEmail(), n.subject(),
          n.situation(), n.options(), now, now.plus(Duration.ofHours(n.expiresInHours())));
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("escalation_id", row.id());
      fields.put("alias", row.alias());
      fields.put("subject", row.subject());
      events.add(EventStore.record(h, project, ProjectStore.slug(h, project), row.workspaceId(),
          "escalation.created", fields, now));
      return row;
    });
    bus.publish(events);
    return new Created(e.id(), e.status(), Times.isoOffset(e.createdAt()), Times.isoOffset(e.expiresAt()));
  }

  /** {@code workspaceId} (when given) must be a live workspace of the caller's project, else 403. */
  public Page list(Caller caller, EscalationFilter f) {
    UUID project = caller.projectId();
    List<Escalation> rows = db.tx(h -> {
      if (f.workspaceId() != null && EscalationStore.liveWorkspace(h, project, f.workspaceId()).isEmpty()) {
        throw ApiError.forbidden(FOREIGN_WORKSPACE);
      }
      EscalationStore.expireDue(h, project, now());
      return EscalationStore.list(h, project, f.narrowest());
    });
    boolean more = rows.size() > f.limit();
    List<Escalation> page = more ? rows.subList(0, f.limit()) : rows;
    Escalation last = page.isEmpty() ? null : page.get(page.size() - 1);
    return new Page(page.stream().map(e -> new Page.Item(e.id(), e.alias(), e.subject(), e.status(),
        Times.isoOffset(e.createdAt()), Times.isoOffset(e.expiresAt()))).toList(), more,
        more ? EscalationCursor.encode(last.createdAt(), last.id()) : null);
  }

  /**
   * {@code workspaceId} (when given) must be the escalation's workspace, else 404. A view by anyone but the
   * agent that raised it counts as looked at: no more reminders (docs/delivery.md).
   */
  public Detail get(Caller caller, UUID id, UUID workspaceId) {
    UUID project = caller.projectId();
    Escalation e = db.tx(h -> {
      Instant now = now();
      EscalationStore.expireDue(h, project, now);
      Escalation found = EscalationStore.find(h, project, id)
          .filter(x -> workspaceId == null || x.workspaceId().equals(workspaceId))
          .orElseThrow(() -> ApiError.notFound(NOT_FOUND));
      if ("pending".equals(found.status()) && !found.workspaceId().equals(caller.agentId())) {
        ReminderStore.viewed(h, project, id, caller.agentId(), now);
      }
      return found;
    });
    return new Detail(e.id(), e.workspaceId(), e.alias(), caller.publicReader() ? null : e.memberEmail(),
        e.subject(), e.situation(), e.options(), e.status(), e.response(), e.responseNote(),
        Times.isoOffset(e.createdAt()), Times.isoOffset(e.respondedAt()), Times.isoOffset(e.expiresAt()));
  }

  /** Accepted in every state (Compat); overwrites an earlier answer. */
  public Responded respond(Caller caller, UUID id, String response, String note) {
    UUID project = caller.projectId();
    Instant now = now();
    List<Event> events = new ArrayList<>();
    Escalation e = db.tx(h -> {
      EscalationStore.expireDue(h, project, now);
      Escalation row = EscalationStore.respond(h, project, id, response, note, now)
          .orElseThrow(() -> ApiError.notFound(NOT_FOUND));
      String slug = ProjectStore.slug(h, project);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("escalation_id", row.id());
      fields.put("response", row.response());
      events.add(EventStore.record(h, project, slug, row.workspaceId(), "escalation.responded", fields, now));
      events.addAll(notifier.responded(h, new ResponseNotifier.Responded(project, slug, row.id(), row.workspaceId(),
          row.alias(), row.subject(), row.response(), row.responseNote(), caller.agentId(), now)));
      return row;
    });
    bus.publish(events);
    return new Responded(e.id(), e.status(), e.response(), e.responseNote(), Times.isoOffset(e.respondedAt()));
  }

  private Instant now() {
    return Times.micros(clock.instant());
  }
}
