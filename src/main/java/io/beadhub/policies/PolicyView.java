package io.beadhub.policies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.ApiError;
import io.beadhub.common.Json;
import io.beadhub.common.Times;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The response shape of a policy version (spec 50 §3.1): only the documented fields of the stored
 * inner objects, with their defaults. Roles are listed by key in sorted order (jsonb does not keep
 * object key order, so sorted is the only stable order).
 */
public record PolicyView(UUID policyId, UUID projectId, int version, String updatedAt, List<Invariant> invariants,
                  Map<String, Role> roles, Selected selectedRole, JsonNode adapters) {

  public record Invariant(String id, String title, String bodyMd) {
  }

  public record Role(String title, String playbookMd) {
  }

  record Selected(String role, String title, String playbookMd) {
  }

  public static PolicyView of(PolicyRow row) {
    ObjectNode b = row.bundle();
    List<Invariant> invariants = new ArrayList<>();
    for (JsonNode inv : b.path("invariants")) {
      invariants.add(new Invariant(text(inv.get("id"), ""), text(inv.get("title"), ""), text(inv.get("body_md"), "")));
    }
    Map<String, Role> roles = new TreeMap<>();
    b.path("roles").properties().forEach(e ->
        roles.put(e.getKey(), new Role(text(e.getValue().get("title"), e.getKey()), text(e.getValue().get("playbook_md"), ""))));
    JsonNode adapters = b.has("adapters") && b.get("adapters").isObject() ? b.get("adapters") : Json.object();
    return new PolicyView(row.policyId(), row.projectId(), row.version(), Times.isoZ(row.updatedAt()), invariants,
        roles, null, adapters);
  }

  /**
   * The view as {@code GET /v1/policies/active} asks for it (spec 50 §3.1): {@code role} null selects
   * nothing; an unknown role, or {@code onlySelected} without a role, is 400.
   */
  PolicyView selecting(String role, boolean onlySelected) {
    if (role != null && !roles.containsKey(role)) {
      List<String> names = roles.keySet().stream().sorted().map(k -> "'" + k + "'").toList();
      throw ApiError.badRequest("Role '" + role + "' not found. Available roles: [" + String.join(", ", names) + "]");
    }
    if (onlySelected && role == null) {
      throw ApiError.badRequest("only_selected=true requires a role parameter");
    }
    return role == null ? this : select(role, onlySelected);
  }

  /** The view with {@code role} selected; {@code onlySelected} keeps just that role. The role must exist. */
  private PolicyView select(String role, boolean onlySelected) {
    Role r = roles.get(role);
    Map<String, Role> kept = onlySelected ? new LinkedHashMap<>(Map.of(role, r)) : roles;
    return new PolicyView(policyId, projectId, version, updatedAt, invariants, kept,
        new Selected(role, r.title(), r.playbookMd()), adapters);
  }

  private static String text(JsonNode v, String dflt) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return dflt;
    }
    return v.isValueNode() ? v.asText() : v.toString();
  }
}
