package io.beadhub.messaging;

/** The optional signed-identity fields a mail or chat send may carry, as {@link SendIdentityBody} reads them. */
public record SendIdentityFields(String messageId, String timestamp, String fromDid, String toDid,
                                 String fromStableId, String toStableId, String signature, String signingKeyId) {
}
