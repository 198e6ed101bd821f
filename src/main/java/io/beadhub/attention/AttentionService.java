package io.beadhub.attention;

import io.beadhub.common.ApiError;
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
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    String json = db.jdbc(conn -> AttentionStore.json(conn, c.projectId(), c.agentId(), now))
        .orElseThrow(() -> ApiError.notFound(Actors.AGENT_NOT_FOUND));
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
