package io.beadhub.subscriptions;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Access;
import io.beadhub.common.ApiError;
import io.beadhub.common.Uuids;
import io.beadhub.http.Body;
import io.beadhub.http.Query;
import io.beadhub.http.Router;
import io.beadhub.http.ValidationError;
import io.beadhub.names.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** {@code /v1/subscriptions} (spec 40 §6). */
public final class SubscriptionRoutes {
  private SubscriptionRoutes() {
  }

  public static void register(Router r, SubscriptionService s) {
    r.post("/v1/subscriptions", Access.PROJECT, req -> s.subscribe(req.caller(), newSubscription(req.body())))
        .returns(SubscriptionService.Subscription.class)
        .accepts(SubscriptionRequests.NewSubscription.class);
    r.get("/v1/subscriptions", Access.PROJECT, req -> s.list(req.caller(), subscriber(req.query())))
        .returns(SubscriptionService.Listing.class);
    r.delete("/v1/subscriptions/{subscription_id}", Access.PROJECT,
        req -> s.unsubscribe(req.caller(), subscriber(req.query()), req.path("subscription_id")))
        .returns(SubscriptionService.Deleted.class);
  }

  private static SubscriptionService.NewSubscription newSubscription(Body b) {
    String rawWs = b.requiredStr("workspace_id");
    UUID ws = Uuids.parse(rawWs).orElseThrow(() -> ValidationError.body("workspace_id",
        "Invalid workspace_id format", rawWs));
    String alias = b.str("alias", 64);
    if (alias != null && !Names.isAlias(alias)) {
      throw ValidationError.body("alias", Names.ALIAS_MESSAGE, alias);
    }
    String bead = b.requiredStr("bead_id");
    String repo = b.str("repo");
    return new SubscriptionService.NewSubscription(ws, alias, bead, repo, eventTypes(b.raw("event_types")));
  }

  /** Absent or null: {@code status_change}; otherwise a list of strings. */
  private static List<String> eventTypes(JsonNode typesNode) {
    List<String> types = new ArrayList<>();
    if (typesNode == null || typesNode.isNull()) {
      types.add("status_change");
    } else if (!typesNode.isArray()) {
      throw ValidationError.of("list_type", List.of("body", "event_types"), "Input should be a valid list", typesNode);
    } else {
      for (JsonNode t : typesNode) {
        if (!t.isTextual()) {
          throw ValidationError.of("string_type", List.of("body", "event_types"), "Input should be a valid string", t);
        }
        types.add(t.textValue());
      }
    }
    return types;
  }

  private static SubscriptionService.Subscriber subscriber(Query q) {
    String raw = q.str("workspace_id");
    if (raw == null) {
      throw ValidationError.of("missing", List.of("query", "workspace_id"), "Field required", null);
    }
    UUID ws = Uuids.parse(raw).orElseThrow(() -> ApiError.unprocessable("Invalid workspace_id format"));
    return new SubscriptionService.Subscriber(ws, q.str("alias"));
  }
}
