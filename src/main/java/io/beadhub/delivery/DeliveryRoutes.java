package io.beadhub.delivery;

import io.beadhub.common.Access;
import io.beadhub.http.Router;

/**
 * {@code GET /v1/messages/{message_id}/delivery} (a mail or a chat message) and {@code GET /v1/messages/sent}
 * (the caller's mail with its delivery state), docs/delivery.md.
 */
public final class DeliveryRoutes {
  private DeliveryRoutes() {
  }

  public static void register(Router r, DeliveryService s) {
    r.get("/v1/messages/{message_id}/delivery", Access.ACTOR,
        req -> s.of(req.caller(), req.pathUuidPlain("message_id", "Invalid message_id format")))
        .returns(DeliveryService.Delivery.class);
    r.get("/v1/messages/sent", Access.ACTOR, req -> s.sent(req.caller(), req.query().integer("limit", 50, 1, 500)))
        .returns(DeliveryService.SentMail.class);
  }
}
