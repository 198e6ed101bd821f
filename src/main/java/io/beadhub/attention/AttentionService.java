package io.beadhub.attention;

import io.beadhub.agents.Agent;
import io.beadhub.common.Caller;
import io.beadhub.db.Database;
import io.beadhub.messaging.Actors;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;

/** What needs an agent now (docs/delivery.md): one small answer, with a tag that changes with it. */
public record AttentionService(Database db, Clock clock) {
  /** The answer's JSON and its entity tag (a hash of exactly those bytes). */
  public record Attention(byte[] json, String etag) {
  }

  public Attention of(Caller c) {
    String json = db.read(h -> {
      Agent me = Actors.require(h, c);
      return AttentionStore.json(h, c.projectId(), me.agentId(), me.alias(),
          OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
    });
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return new Attention(bytes, "\"" + HexFormat.of().formatHex(sha256(bytes), 0, 16) + "\"");
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
