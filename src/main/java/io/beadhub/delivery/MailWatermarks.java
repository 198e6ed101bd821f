package io.beadhub.delivery;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;

/**
 * Moves an agent's mail watermark on an inbox read. The upsert is a write (a commit) even when the
 * watermark is already there, so an inbox read again with no newer mail skips it: this replica remembers
 * the last value it stored per agent, and a stored watermark never goes down.
 */
public final class MailWatermarks {
  private static final int MAX_REMEMBERED = 100_000;
  private static final Map<UUID, OffsetDateTime> STORED = new ConcurrentHashMap<>();

  private MailWatermarks() {
  }

  /**
   * One statement: the watermark moves up to the newest of these mails to the agent, which its event
   * stream has just written to it ({@code message.delivered}).
   */
  public static void streamed(Handle h, UUID projectId, UUID agentId, java.util.Collection<UUID> messageIds,
                              OffsetDateTime now) {
    DeliveryStore.markMailStreamed(h, projectId, agentId, messageIds.toArray(new UUID[0]), now);
  }

  /** At most one statement: none when {@code through} is not above what this replica stored last. */
  public static void advance(Handle h, UUID projectId, UUID agentId, OffsetDateTime through, OffsetDateTime now) {
    OffsetDateTime known = STORED.get(agentId);
    if (known != null && !through.isAfter(known)) {
      return;
    }
    DeliveryStore.markMailSeen(h, projectId, agentId, through, now);
    if (STORED.size() >= MAX_REMEMBERED) {
      STORED.clear();
    }
    STORED.merge(agentId, through, (a, b) -> a.isAfter(b) ? a : b);
  }
}
