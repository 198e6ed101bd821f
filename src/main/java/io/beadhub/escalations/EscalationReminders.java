package io.beadhub.escalations;

import io.beadhub.common.BackgroundLoop;
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
 * Re-notifies an escalation nobody has looked at (docs/delivery.md): while it is pending and no one but
 * the agent that raised it has viewed it, an {@code escalation.reminder} event goes out on the channel
 * its {@code escalation.created} went to, after {@code first}, then 3×, 9× … that, at most {@code max}
 * apart. Each reminder is counted and published in one transaction, so a restart repeats none.
 */
public final class EscalationReminders implements AutoCloseable {
  private final Database db;
  private final EventBus bus;
  private final Clock clock;
  private final long first;
  private final long max;
  private final BackgroundLoop loop;

  /** {@code first} zero: no reminders. */
  public EscalationReminders(Database db, EventBus bus, Clock clock, Duration first, Duration max, Duration tick) {
    this.db = db;
    this.bus = bus;
    this.clock = clock;
    this.first = first.toSeconds();
    this.max = Math.max(max.toSeconds(), this.first);
    this.loop = this.first <= 0 ? null : new BackgroundLoop("escalation-reminders", tick, closing -> pass());
  }

  private void pass() {
    for (UUID id : db.read(h -> ReminderStore.dueIds(h, clock.instant(), first, max, 100))) {
      remind(id);
    }
  }

  private void remind(UUID id) {
    List<Event> events = new ArrayList<>();
    db.tx(h -> {
      Instant now = clock.instant();
      ReminderStore.Due d = ReminderStore.lock(h, id, now, first, max).orElse(null);
      if (d == null) {
        return null;
      }
      ReminderStore.reminded(h, id, now);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("escalation_id", d.id());
      fields.put("alias", d.alias());
      fields.put("subject", d.subject());
      fields.put("reminder", d.reminders() + 1);
      fields.put("pending_seconds", Duration.between(d.createdAt().toInstant(), now).toSeconds());
      events.add(EventStore.record(h, d.projectId(), ProjectStore.slug(h, d.projectId()), d.workspaceId(),
          "escalation.reminder", fields, now));
      return null;
    });
    bus.publish(events);
  }

  @Override
  public void close() {
    if (loop != null) {
      loop.close();
    }
  }
}
