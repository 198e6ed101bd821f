package io.beadhub.notifications;

import java.util.UUID;

/**
 * Tells the outbox processor that a committed write recorded intents for a project (spec 40 §7.3
 * trigger "after every sync/upload commit"). Returns at once: delivery happens off the request path.
 */
@FunctionalInterface
public interface OutboxSignal {
  void wake(UUID project);

  OutboxSignal NONE = project -> {
  };
}
