package io.beadhub.events;

import java.util.List;

/**
 * What a writer calls after the commit of a transaction that queued events (spec 30 §7.3): the events
 * get their ids and reach the streams through the {@link EventSequencer} and the {@link EventFeed}s.
 * It never fails the writer: a lost call only delays the events until the sequencer's next sweep.
 */
public final class EventBus {
  private final Runnable committed;

  /** {@code committed} wakes the sequencer ({@link EventSequencer#kick}). */
  public EventBus(Runnable committed) {
    this.committed = committed;
  }

  /** The transaction that queued {@code events} has committed. */
  public void publish(List<Event> events) {
    if (!events.isEmpty()) {
      committed.run();
    }
  }

  /** A transaction that queued {@code count} events in its own SQL (no {@link Event}s built) has committed. */
  public void committed(int count) {
    if (count > 0) {
      committed.run();
    }
  }
}
