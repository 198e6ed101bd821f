package io.beadhub.policies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.Access;
import io.beadhub.common.ApiError;
import io.beadhub.common.Json;
import io.beadhub.common.Times;
import io.beadhub.common.Uuids;
import io.beadhub.http.Body;
import io.beadhub.http.Reply;
import io.beadhub.http.Req;
import io.beadhub.http.Router;
import io.beadhub.http.ValidationError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** {@code /v1/policies/*} (spec 50 §3). Literal paths are registered before {@code /{policy_id}}. */
public final class PolicyRoutes {
  static final int MAX_BUNDLE_BYTES = 1024 * 1024;
  /**
   * Body cap of {@code POST /v1/policies}: a bundle just under {@link #MAX_BUNDLE_BYTES} once serialised
   * fits even when sent with every character escaped (6 bytes for one), so its 413 is the policy's own.
   */
  private static final long BODY_CAP = 6L * MAX_BUNDLE_BYTES + 1024 * 1024;
  private static final String BAD_POLICY_ID = "Invalid policy_id: must be a UUID";
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private PolicyRoutes() {
  }

  public static void register(Router r, PolicyService policies) {
    r.get("/v1/policies/active", Access.PUBLIC, req -> active(req, policies)).returns(PolicyView.class);
    r.get("/v1/policies/history", Access.PUBLIC,
        req -> policies.history(req.caller(), req.query().integer("limit", 20, 1, 100)))
        .returns(PolicyService.History.class);
    r.post("/v1/policies/reset", Access.PROJECT, req -> policies.reset(req.caller()))
        .returns(PolicyService.Reset.class).acceptsNoBody();
    r.post("/v1/policies", Access.PROJECT, BODY_CAP, req -> create(req, policies)).returns(PolicyService.Created.class)
        .accepts(PolicyRequests.NewPolicy.class);
    r.get("/v1/policies/{policy_id}", Access.PUBLIC,
        req -> policies.get(req.caller(), req.pathUuidPlain("policy_id", BAD_POLICY_ID))).returns(PolicyView.class);
    r.post("/v1/policies/{policy_id}/activate", Access.PROJECT,
        req -> policies.activate(req.caller(), req.pathUuidPlain("policy_id", BAD_POLICY_ID)))
        .returns(PolicyService.Activated.class).acceptsNoBody();
  }

  private static Object active(Req req, PolicyService policies) {
    String role = req.query().str("role");
    boolean onlySelected = req.query().bool("only_selected", false);
    PolicyRow row = policies.active(req.caller());
    String etag = etag(row);
    Map<String, String> headers = Map.of("ETag", etag, "Last-Modified", HTTP_DATE.format(row.updatedAt()));
    if (matches(req.ctx().header("If-None-Match"), etag)) {
      return new Reply(304, null, Map.of("ETag", etag));
    }
    return new Reply(200, PolicyView.of(row).selecting(role, onlySelected), headers);
  }

  /** {@code "} + 16 hex of SHA-256 over {@code <policy_id>:<updated_at ISO-offset>} + {@code "}. */
  static String etag(PolicyRow row) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(
          (row.policyId() + ":" + Times.isoOffset(row.updatedAt())).getBytes(StandardCharsets.UTF_8));
      return "\"" + HexFormat.of().formatHex(d).substring(0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Exact match, {@code *}, or any entry of a comma-separated list (a {@code W/} prefix ignored). */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    if (ifNoneMatch.equals(etag)) {
      return true;
    }
    for (String part : ifNoneMatch.split(",")) {
      String p = part.strip();
      if (p.startsWith("W/")) {
        p = p.substring(2).strip();
      }
      if (p.equals("*") || p.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static PolicyService.Created create(Req req, PolicyService policies) {
    Body b = req.body();
    ObjectNode bundle = bundle(b);
    UUID base = optionalUuid(b, "base_policy_id", "Invalid base_policy_id: must be a UUID");
    UUID createdBy = optionalUuid(b, "created_by_workspace_id", "Invalid workspace_id format");
    if (Json.bytes(bundle).length > MAX_BUNDLE_BYTES) {
      throw new ApiError(413, "Policy bundle too large");
    }
    return policies.create(req.caller(), bundle, base, createdBy);
  }

  /** Blank = absent; otherwise a UUID, else a plain-string 422. */
  private static UUID optionalUuid(Body b, String field, String message) {
    String s = b.str(field);
    if (s == null || s.isBlank()) {
      return null;
    }
    return Uuids.parse(s).orElseThrow(() -> ApiError.unprocessable(message));
  }

  /** The bundle with its three known keys (defaults filled, other keys dropped); wrong types are 422. */
  static ObjectNode bundle(Body b) {
    JsonNode raw = b.raw("bundle");
    if (raw == null) {
      throw Body.missing("bundle");
    }
    requireObject(raw, loc("bundle"));
    ObjectNode out = Json.object();
    JsonNode inv = raw.get("invariants");
    ArrayNode invariants = Json.MAPPER.createArrayNode();
    if (inv != null && !inv.isNull()) {
      if (!inv.isArray()) {
        throw ValidationError.of("list_type", loc("bundle", "invariants"), "Input should be a valid list", inv);
      }
      for (int i = 0; i < inv.size(); i++) {
        requireObject(inv.get(i), loc("bundle", "invariants", i));
        invariants.add(inv.get(i));
      }
    }
    out.set("invariants", invariants);
    ObjectNode roles = Json.object();
    JsonNode rs = raw.get("roles");
    if (rs != null && !rs.isNull()) {
      requireObject(rs, loc("bundle", "roles"));
      rs.properties().forEach(e -> {
        requireObject(e.getValue(), loc("bundle", "roles", e.getKey()));
        roles.set(e.getKey(), e.getValue());
      });
    }
    out.set("roles", roles);
    JsonNode adapters = raw.get("adapters");
    if (adapters != null && !adapters.isNull()) {
      requireObject(adapters, loc("bundle", "adapters"));
      out.set("adapters", adapters);
    } else {
      out.set("adapters", Json.object());
    }
    return out;
  }

  private static void requireObject(JsonNode v, List<Object> loc) {
    if (v == null || !v.isObject()) {
      throw ValidationError.of("dict_type", loc, "Input should be a valid dictionary", v);
    }
  }

  private static List<Object> loc(Object... parts) {
    List<Object> l = new ArrayList<>();
    l.add("body");
    l.addAll(List.of(parts));
    return l;
  }
}
