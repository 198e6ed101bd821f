package io.beadhub.messaging;

import io.beadhub.common.Uuids;
import io.beadhub.http.Body;
import io.beadhub.http.ValidationError;
import io.beadhub.identity.Base58;

/** Reads the identity fields of a mail or chat send from its body, with their field-level rules (422 validation). */
public final class SendIdentityBody {
  private SendIdentityBody() {
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
}
