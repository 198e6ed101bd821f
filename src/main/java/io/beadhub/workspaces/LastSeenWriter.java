package io.beadhub.workspaces;

import io.beadhub.db.Database;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workspaces' {@code last_seen_at} writes of frequent requests (the pre-flight), off the request
 * path: each request records its time here, coalesced per workspace (the latest wins), and a timer
 * writes everything recorded in one statement about once a second, and once more on close. A request
 * that also changes a workspace's names writes them itself, at once.
 */
public final class LastSeenWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LastSeenWriter.class);

  /** A workspace of a project was seen at a time. */
  public record Seen(UUID workspace, UUID project, Instant at) {
  }

  private final Map<UUID, Seen> pending = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("last-seen-writer").factory());
  private final Database db;

  public LastSeenWriter(Database db, long periodMillis) {
    this.db = db;
    timer.scheduleWithFixedDelay(this::flush, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Records that the workspace was seen at {@code at}; written by the next flush. */
  public void seen(UUID workspace, UUID project, Instant at) {
    pending.merge(workspace, new Seen(workspace, project, at), (a, b) -> b.at().isAfter(a.at()) ? b : a);
  }

  /** Writes everything recorded so far; returns how many workspaces it wrote (a failure keeps them for the next). */
  public int flush() {
    List<Seen> batch = new ArrayList<>();
    for (UUID id : pending.keySet()) {
      Seen s = pending.remove(id);
      if (s != null) {
        batch.add(s);
      }
    }
    if (batch.isEmpty()) {
      return 0;
    }
    try {
      db.read(h -> {
        WorkspaceStore.touchLastSeen(h, batch);
        return null;
      });
      return batch.size();
    } catch (RuntimeException e) {
      log.warn("last-seen flush of {} workspaces failed; kept for the next", batch.size(), e);
      batch.forEach(s -> seen(s.workspace(), s.project(), s.at()));
      return 0;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }
}
