package io.beadhub.messaging;

import io.beadhub.common.ApiError;
import io.beadhub.common.Uuids;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The optional identity fields of a mail or chat send (spec 20 §0.1). Field-level rules are checked
 * when the body is read ({@link SendIdentityBody}, 422 validation); the signed-send rules later, in route
 * order (422 plain).
 */
public record SendIdentity(String messageId, String timestamp, String fromDid, String toDid, String fromStableId,
                           String toStableId, String signature, String signingKeyId) {

  public static final SendIdentity NONE = new SendIdentity(null, null, null, null, null, null, null, null);

  /** What the server stores: the message id and creation time (null: generate / now). */
  public record Resolved(UUID messageId, Instant createdAt) {
  }

  public boolean signed() {
    return signature != null;
  }

  /** The signed-send requirements (§0.1 steps 1–4); unsigned sends ignore message_id and timestamp. */
  public Resolved resolve() {
    if (!signed()) {
      return new Resolved(null, null);
    }
    if (fromDid == null || fromDid.isBlank()) {
      throw ApiError.unprocessable("from_did is required when signature is provided");
    }
    if (messageId == null || timestamp == null) {
      throw ApiError.unprocessable("message_id and timestamp are required when signature is provided");
    }
    return new Resolved(Uuids.parse(messageId).orElseThrow(), parseTimestamp(timestamp));
  }

  static Instant parseTimestamp(String raw) {
    if (raw.trim().isEmpty()) {
      throw ApiError.unprocessable("timestamp must not be empty");
    }
    OffsetDateTime t = AwareTimes.parse(raw, "timestamp");
    if (t.getNano() != 0) {
      throw ApiError.unprocessable("timestamp must be second precision");
    }
    return t.toInstant();
  }
}
