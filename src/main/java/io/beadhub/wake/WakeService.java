package io.beadhub.wake;

import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Times;
import io.beadhub.db.Database;
import io.beadhub.messaging.Actors;
import java.time.Clock;
import java.util.UUID;

/** An agent's own wake channel (docs/delivery.md): only the caller's agent, only in its project. */
public record WakeService(Database db, Clock clock, int coalesceSeconds) {
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

  private Wake view(UUID me, WakeStore.Webhook w) {
    return new Wake(me, w.url(), true, coalesceSeconds, Times.zSecond(w.updatedAt().toInstant()));
  }
}
