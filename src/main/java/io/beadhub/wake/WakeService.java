package io.beadhub.wake;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Times;
import io.beadhub.common.Json;
import io.beadhub.common.Uuids;
import io.beadhub.db.Database;
import io.beadhub.delivery.MailWatermarks;
import io.beadhub.messaging.Actors;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An agent's own wake channel (docs/delivery.md): only the caller's agent, only in its project. */
public record WakeService(Database db, Clock clock, int coalesceSeconds) {
  private static final Logger LOG = LoggerFactory.getLogger(WakeService.class);

  /** What an agent registered; the secret is never returned. */
  public record Wake(UUID agentId, String webhookUrl, boolean hasSecret, int coalesceSeconds, String updatedAt) {
  }

  public Wake put(Caller c, String url, String secret) {
    return db.tx(h -> {
      UUID me = Actors.require(h, c).agentId();
      WakeStore.put(h, c.projectId(), me, url, secret, clock.instant());
      return view(me, WakeStore.get(h, c.projectId(), me).orElseThrow());
    });
  }

  public Wake get(Caller c) {
    return db.read(h -> {
      UUID me = Actors.require(h, c).agentId();
      return view(me, WakeStore.get(h, c.projectId(), me)
          .orElseThrow(() -> ApiError.notFound("No wake channel registered")));
    });
  }

  public void delete(Caller c) {
    db.tx(h -> {
      UUID me = Actors.require(h, c).agentId();
      if (!WakeStore.delete(h, c.projectId(), me)) {
        throw ApiError.notFound("No wake channel registered");
      }
      return null;
    });
  }

  /** The caller's agent id, after checking it is live (before a stream opens). */
  public UUID me(Caller c) {
    return db.read(h -> Actors.require(h, c).agentId());
  }

  /**
   * Mail the agent's event stream just wrote to it ({@code message.delivered} among {@code events}) counts
   * as seen: one upsert of its watermark (docs/delivery.md). A failure is logged, never ends the stream.
   */
  public void streamed(UUID projectId, UUID agentId, List<String> events) {
    List<UUID> mail = new ArrayList<>();
    for (String e : events) {
      JsonNode j = Json.tree(e);
      if (j.path("type").asText().equals("message.delivered")) {
        Uuids.parse(j.path("message_id").asText()).ifPresent(mail::add);
      }
    }
    if (mail.isEmpty()) {
      return;
    }
    try {
      db.read(h -> {
        MailWatermarks.streamed(h, projectId, agentId, mail, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        return null;
      });
    } catch (RuntimeException e) {
      LOG.warn("mail watermark of a streamed mail not stored: {}", e.getMessage());
    }
  }

  private Wake view(UUID me, WakeStore.Webhook w) {
    return new Wake(me, w.url(), true, coalesceSeconds, Times.zSecond(w.updatedAt().toInstant()));
  }
}
