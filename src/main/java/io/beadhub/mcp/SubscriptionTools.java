package io.beadhub.mcp;

import io.beadhub.subscriptions.SubscriptionService;
import java.util.List;

/** Bead subscriptions (spec 90 §2, the original's): {@code subscribe_to_bead}, {@code list_subscriptions}, {@code unsubscribe}. */
final class SubscriptionTools {
  private final SubscriptionService subscriptions;

  SubscriptionTools(SubscriptionService subscriptions) {
    this.subscriptions = subscriptions;
  }

  List<Tool> tools() {
    return List.of(subscribe(), list(), unsubscribe());
  }

  private static Schema workspace() {
    return Schema.object().field("workspace_id", "string", "Your workspace UUID (optional)");
  }

  private static final Schema SUBSCRIPTION = Schema.object().field("subscription_id", "string")
      .field("workspace_id", "string").field("alias", "string").field("bead_id", "string")
      .field("repo", "string|null").field("event_types", "array").field("created_at", "string")
      .required("subscription_id", "bead_id", "event_types");

  private Tool subscribe() {
    Schema in = workspace().field("bead_id", "string", "Bead id (or repo:bead_id)")
        .field("repo", "string", "Repo of the bead (canonical origin)")
        .strings("event_types", "all, status_change (default), assignee_change, priority_change", 4)
        .required("bead_id");
    return new Tool("subscribe_to_bead", "Get a mail whenever a bead changes (status by default).",
        Tool.Effect.SET, in, SUBSCRIPTION, c -> {
          List<String> types = c.strings("event_types");
          return subscriptions.subscribe(c.caller(), new SubscriptionService.NewSubscription(c.workspace(), null,
              c.required("bead_id"), c.trimmed("repo"), types == null ? List.of("status_change") : types));
        });
  }

  private Tool list() {
    Schema out = Schema.object().list("subscriptions", SUBSCRIPTION).field("count", "integer")
        .required("subscriptions", "count");
    return new Tool("list_subscriptions", "List your bead subscriptions.", Tool.Effect.READ, workspace(), out,
        c -> subscriptions.list(c.caller(), new SubscriptionService.Subscriber(c.workspace(), null)));
  }

  private Tool unsubscribe() {
    Schema in = workspace().field("subscription_id", "string", "Subscription UUID").required("subscription_id");
    Schema out = Schema.object().field("subscription_id", "string").field("deleted", "boolean")
        .required("subscription_id", "deleted");
    return new Tool("unsubscribe", "Remove one of your bead subscriptions.", Tool.Effect.REMOVE, in, out,
        c -> subscriptions.unsubscribe(c.caller(), new SubscriptionService.Subscriber(c.workspace(), null),
            c.required("subscription_id")));
  }
}
