package io.beadhub.subscriptions;

import io.beadhub.auth.ActorBinding;
import io.beadhub.beads.Formats;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Times;
import io.beadhub.common.Uuids;
import io.beadhub.db.Database;
import io.beadhub.workspaces.WorkspaceAccess;
import io.beadhub.workspaces.WorkspaceRow;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Bead subscriptions (spec 40 §6): a workspace asks for mail when a bead changes. Every call acts for
 * one live workspace of the caller's project (403 otherwise), optionally checking its alias.
 */
public record SubscriptionService(Database db) {
  static final List<String> TYPES = List.of("all", "assignee_change", "priority_change", "status_change");

  /** {@code POST /v1/subscriptions}: {@code beadId} as sent (may be {@code repo:bead}). */
  public record NewSubscription(UUID workspaceId, String alias, String beadId, String repo, List<String> eventTypes) {
  }

  /** The workspace a list or delete acts for, with the alias the caller claims it has (null: unchecked). */
  public record Subscriber(UUID workspaceId, String alias) {
  }

  public record Subscription(UUID subscriptionId, UUID workspaceId, String alias, String beadId, String repo,
                             List<String> eventTypes, String createdAt) {
    static Subscription of(SubscriptionStore.Row r) {
      return new Subscription(r.id(), r.workspaceId(), r.alias(), r.beadId(), r.repo(), r.eventTypes(),
          Times.isoOffset(r.createdAt()));
    }
  }

  public record Listing(List<Subscription> subscriptions, int count) {
  }

  public record Deleted(UUID subscriptionId, boolean deleted) {
  }

  /** Idempotent on (workspace, bead, repo): the event types are replaced. */
  public Subscription subscribe(Caller c, NewSubscription n) {
    ActorBinding.check(c, n.workspaceId());
    String bead = n.beadId();
    String beadRepo = null;
    int colon = bead.indexOf(':');
    if (colon >= 0) {
      beadRepo = bead.substring(0, colon);
      bead = bead.substring(colon + 1);
    }
    if (!Formats.isBeadId(bead) || (beadRepo != null && !Formats.isRepo(beadRepo))) {
      throw ApiError.badRequest("Invalid bead_id format: " + Formats.first(n.beadId(), 100));
    }
    if (n.repo() != null && !Formats.isRepo(n.repo())) {
      throw ApiError.badRequest("Invalid repo: " + Formats.first(n.repo(), 50));
    }
    if (n.repo() != null && beadRepo != null && !n.repo().equals(beadRepo)) {
      throw ApiError.badRequest("Conflicting repo in bead_id and repo");
    }
    if (n.eventTypes().isEmpty()) {
      throw ApiError.badRequest("event_types must not be empty");
    }
    for (String t : n.eventTypes()) {
      if (!TYPES.contains(t)) {
        throw ApiError.badRequest("Invalid event_type: " + t + ". Valid: " + String.join(", ", TYPES));
      }
    }
    String beadId = bead;
    String repo = n.repo() != null ? n.repo() : beadRepo;
    List<String> types = new ArrayList<>(new LinkedHashSet<>(n.eventTypes()));
    return Subscription.of(db.tx(h -> {
      WorkspaceRow w = workspace(h, c, new Subscriber(n.workspaceId(), n.alias()));
      return SubscriptionStore.upsert(h, c.projectId(), n.workspaceId(), w.alias(), beadId, repo, types);
    }));
  }

  public Listing list(Caller c, Subscriber s) {
    ActorBinding.check(c, s.workspaceId());
    List<Subscription> subs = db.read(h -> {
      workspace(h, c, s);
      return SubscriptionStore.list(h, c.projectId(), s.workspaceId());
    }).stream().map(Subscription::of).toList();
    return new Listing(subs, subs.size());
  }

  /** {@code rawId} is the path segment as sent: checked after the caller's binding, as the spec orders it. */
  public Deleted unsubscribe(Caller c, Subscriber s, String rawId) {
    ActorBinding.check(c, s.workspaceId());
    UUID id = Uuids.parse(rawId).orElseThrow(() -> ApiError.badRequest("Invalid subscription_id format"));
    boolean deleted = db.tx(h -> {
      workspace(h, c, s);
      return SubscriptionStore.delete(h, c.projectId(), s.workspaceId(), id);
    });
    if (!deleted) {
      throw ApiError.notFound("Subscription not found");
    }
    return new Deleted(id, true);
  }

  private static WorkspaceRow workspace(Handle h, Caller c, Subscriber s) {
    WorkspaceRow w = WorkspaceAccess.liveOr403(h, c, s.workspaceId());
    if (s.alias() != null && !s.alias().equals(w.alias())) {
      throw ApiError.forbidden("Alias does not match workspace_id");
    }
    return w;
  }
}
