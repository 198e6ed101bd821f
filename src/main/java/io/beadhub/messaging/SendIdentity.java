package io.beadhub.messaging;

import io.beadhub.common.ApiError;
import io.beadhub.common.Uuids;
import io.beadhub.http.Body;
import io.beadhub.http.ValidationError;
import io.beadhub.identity.Base58;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * The optional identity fields of a mail or chat send (spec 20 §0.1). Field-level rules are checked
 * when the body is read (422 validation); the signed-send rules later, in route order (422 plain).
 */
public record SendIdentity(String messageId, String timestamp, String fromDid, String toDid, String fromStableId,
                           String toStableId, String signature, String signingKeyId) {

  public static final SendIdentity NONE = new SendIdentity(null, null, null, null, null, null, null, null);

  /** What the server stores: the message id and creation time (null: generate / now). */
  public record Resolved(UUID messageId, Instant createdAt) {
  }

  public static SendIdentity read(Body b) {
    String messageId = b.str("message_id");
    if (messageId != null && Uuids.parse(messageId).isEmpty()) {
      throw ValidationError.body("message_id", "Invalid message_id format", messageId);
    }
    return new SendIdentity(messageId, b.str("timestamp"), b.str("from_did", 256), b.str("to_did", 256),
        stableId(b, "from_stable_id"), stableId(b, "to_stable_id"), b.str("signature", 512),
        b.str("signing_key_id", 256));
  }

  private static String stableId(Body b, String field) {
    String s = b.str(field, 256);
    if (s == null || s.isBlank()) {
      return null;
    }
    if (!s.startsWith("did:claw:")) {
      throw ValidationError.body(field, "stable_id must start with 'did:claw:'", s);
    }
    byte[] raw = Base58.decode(s.substring("did:claw:".length()));
    if (raw == null || raw.length != 20 || s.length() == "did:claw:".length()) {
      throw ValidationError.body(field, "stable_id must be base58btc encoding of 20 bytes", s);
    }
    return s;
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
    String s = raw.trim();
    if (s.isEmpty()) {
      throw ApiError.unprocessable("timestamp must not be empty");
    }
    OffsetDateTime t;
    try {
      t = OffsetDateTime.parse(s.replace(' ', 'T'), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException e) {
      try {
        LocalDateTime.parse(s.replace(' ', 'T'), DateTimeFormatter.ISO_LOCAL_DATE_TIME);
      } catch (DateTimeParseException e2) {
        throw ApiError.unprocessable("Invalid timestamp format");
      }
      throw ApiError.unprocessable("timestamp must be timezone-aware");
    }
    if (t.getNano() != 0) {
      throw ApiError.unprocessable("timestamp must be second precision");
    }
    return t.toInstant();
  }
}
