package io.beadhub.subscriptions;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.auth.ActorBinding;
import io.beadhub.beads.Formats;
import io.beadhub.common.Access;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Times;
import io.beadhub.common.Uuids;
import io.beadhub.db.Database;
import io.beadhub.http.Body;
import io.beadhub.http.Router;
import io.beadhub.http.ValidationError;
import io.beadhub.names.Names;
import io.beadhub.workspaces.WorkspaceAccess;
import io.beadhub.workspaces.WorkspaceRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code /v1/subscriptions} (spec 40 §6). */
public final class SubscriptionRoutes {
  private static final List<String> TYPES = List.of("all", "assignee_change", "priority_change", "status_change");

  private SubscriptionRoutes() {
  }

  public static void register(Router r, Database db) {
    r.post("/v1/subscriptions", Access.PROJECT, req -> {
      Body b = req.body();
      String rawWs = b.requiredStr("workspace_id");
      UUID ws = Uuids.parse(rawWs).orElseThrow(() -> ValidationError.body("workspace_id",
          "Invalid workspace_id format", rawWs));
      String alias = b.str("alias", 64);
      if (alias != null && !Names.isAlias(alias)) {
        throw ValidationError.body("alias", Names.ALIAS_MESSAGE, alias);
      }
      String beadRaw = b.requiredStr("bead_id");
      String repo = b.str("repo");
      JsonNode typesNode = b.raw("event_types");
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
      Caller c = req.caller();
      ActorBinding.check(c, ws);
      String bead = beadRaw;
      String beadRepo = null;
      int colon = beadRaw.indexOf(':');
      if (colon >= 0) {
        beadRepo = beadRaw.substring(0, colon);
        bead = beadRaw.substring(colon + 1);
      }
      if (!Formats.isBeadId(bead) || (beadRepo != null && !Formats.isRepo(beadRepo))) {
        throw ApiError.badRequest("Invalid bead_id format: " + Formats.first(beadRaw, 100));
      }
      if (repo != null && !Formats.isRepo(repo)) {
        throw ApiError.badRequest("Invalid repo: " + Formats.first(repo, 50));
      }
      if (repo != null && beadRepo != null && !repo.equals(beadRepo)) {
        throw ApiError.badRequest("Conflicting repo in bead_id and repo");
      }
      if (types.isEmpty()) {
        throw ApiError.badRequest("event_types must not be empty");
      }
      for (String t : types) {
        if (!TYPES.contains(t)) {
          throw ApiError.badRequest("Invalid event_type: " + t + ". Valid: " + String.join(", ", TYPES));
        }
      }
      String finalBead = bead;
      String finalRepo = repo != null ? repo : beadRepo;
      List<String> finalTypes = new ArrayList<>(new java.util.LinkedHashSet<>(types));
      SubscriptionStore.Subscription s = db.tx(h -> {
        WorkspaceRow w = WorkspaceAccess.liveOr403(h, c, ws);
        checkAlias(w, alias);
        return SubscriptionStore.upsert(h, c.projectId(), ws, w.alias(), finalBead, finalRepo, finalTypes);
      });
      return out(s);
    });
    r.get("/v1/subscriptions", Access.PROJECT, req -> {
      UUID ws = wsQuery(req.query().str("workspace_id"));
      String alias = req.query().str("alias");
      Caller c = req.caller();
      ActorBinding.check(c, ws);
      List<SubscriptionStore.Subscription> subs = db.read(h -> {
        WorkspaceRow w = WorkspaceAccess.liveOr403(h, c, ws);
        checkAlias(w, alias);
        return SubscriptionStore.list(h, c.projectId(), ws);
      });
      List<Map<String, Object>> items = subs.stream().map(SubscriptionRoutes::out).toList();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("subscriptions", items);
      out.put("count", items.size());
      return out;
    });
    r.delete("/v1/subscriptions/{subscription_id}", Access.PROJECT, req -> {
      UUID ws = wsQuery(req.query().str("workspace_id"));
      String alias = req.query().str("alias");
      Caller c = req.caller();
      ActorBinding.check(c, ws);
      UUID id = Uuids.parse(req.path("subscription_id"))
          .orElseThrow(() -> ApiError.badRequest("Invalid subscription_id format"));
      boolean deleted = db.tx(h -> {
        WorkspaceRow w = WorkspaceAccess.liveOr403(h, c, ws);
        checkAlias(w, alias);
        return SubscriptionStore.delete(h, c.projectId(), ws, id);
      });
      if (!deleted) {
        throw ApiError.notFound("Subscription not found");
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("subscription_id", id.toString());
      out.put("deleted", true);
      return out;
    });
  }

  private static UUID wsQuery(String raw) {
    if (raw == null) {
      throw ValidationError.of("missing", List.of("query", "workspace_id"), "Field required", null);
    }
    return Uuids.parse(raw).orElseThrow(() -> ApiError.unprocessable("Invalid workspace_id format"));
  }

  private static void checkAlias(WorkspaceRow w, String alias) {
    if (alias != null && !alias.equals(w.alias())) {
      throw ApiError.forbidden("Alias does not match workspace_id");
    }
  }

  private static Map<String, Object> out(SubscriptionStore.Subscription s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("subscription_id", s.id().toString());
    m.put("workspace_id", s.workspaceId().toString());
    m.put("alias", s.alias());
    m.put("bead_id", s.beadId());
    m.put("repo", s.repo());
    m.put("event_types", s.eventTypes());
    m.put("created_at", Times.isoOffset(s.createdAt()));
    return m;
  }
}
