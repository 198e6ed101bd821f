package io.beadhub.delivery;

import io.beadhub.common.Access;
import io.beadhub.http.Router;

/** {@code GET /v1/messages/{message_id}/delivery}: for a mail or a chat message (docs/delivery.md). */
public final class DeliveryRoutes {
  private DeliveryRoutes() {
  }

  public static void register(Router r, DeliveryService s) {
    r.get("/v1/messages/{message_id}/delivery", Access.ACTOR,
        req -> s.of(req.caller(), req.pathUuidPlain("message_id", "Invalid message_id format")))
        .returns(DeliveryService.Delivery.class);
  }
}
