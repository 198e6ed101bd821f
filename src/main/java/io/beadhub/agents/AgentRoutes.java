package io.beadhub.agents;

import io.beadhub.common.Access;
import io.beadhub.common.ApiError;
import io.beadhub.common.Uuids;
import io.beadhub.http.Body;
import io.beadhub.http.Router;
import io.beadhub.http.ValidationError;
import io.beadhub.names.Names;
import java.util.List;
import java.util.UUID;

/** {@code /v1/agents/*} (spec 10 §7.4–7.16, 30 §4.1, §4.3). Literal paths are registered first. */
public final class AgentRoutes {
  private AgentRoutes() {
  }

  public static void register(Router r, AgentService s, AgentIdentityService ids) {
    r.get("/v1/agents", Access.PROJECT, req -> s.list(req.caller())).returns(AgentService.AgentList.class);
    r.post("/v1/agents/suggest-alias-prefix", Access.NONE, req -> {
      String slug = req.body().requiredStr("project_slug").trim();
      if (slug.isEmpty() || slug.length() > 256 || !Names.isProjectSlug(slug)) {
        throw ValidationError.body("project_slug", "Invalid project_slug format", slug);
      }
      return s.suggestAliasPrefix(slug);
    }).returns(AgentService.AliasPrefix.class).accepts(AgentRequests.SuggestAliasPrefix.class);
    r.post("/v1/agents/heartbeat", Access.ACTOR, req -> s.heartbeat(req.caller()))
        .returns(AgentService.Heartbeat.class).acceptsNoBody();
    r.get("/v1/agents/me", Access.ACTOR, req -> s.me(req.caller())).returns(AgentService.Me.class);
    r.patch("/v1/agents/me", Access.ACTOR, req -> s.patch(req.caller(), null, accessMode(req.body())))
        .returns(AgentService.AccessMode.class).accepts(AgentRequests.AccessModeChange.class);
    r.delete("/v1/agents/me", Access.ACTOR, req -> s.deregisterSelf(req.caller()))
        .returns(AgentService.Deregistered.class);
    r.get("/v1/agents/me/log", Access.ACTOR, req -> s.log(req.caller())).returns(AgentService.Log.class);
    r.put("/v1/agents/me/identity", Access.ACTOR, req -> ids.claim(req.caller(), claim(req.body())))
        .returns(AgentIdentityService.Identity.class).accepts(AgentRequests.IdentityClaim.class);
    r.post("/v1/agents/me/identity/reset", Access.ACTOR,
        req -> ids.reset(req.caller(), req.body().requiredBool("confirm")))
        .returns(AgentIdentityService.Identity.class).accepts(AgentRequests.IdentityReset.class);
    r.put("/v1/agents/me/rotate", Access.ACTOR, req -> ids.rotate(req.caller(), rotation(req.body())))
        .returns(AgentIdentityService.Rotated.class).accepts(AgentRequests.Rotation.class);
    r.put("/v1/agents/me/retire", Access.ACTOR, req -> ids.retire(req.caller(), retirement(req.body())))
        .returns(AgentIdentityService.Retired.class).accepts(AgentRequests.Retirement.class);
    r.get("/v1/agents/resolve/{namespace}/{alias}", Access.PROJECT,
        req -> s.resolve(req.caller(), req.path("namespace"), req.path("alias"))).returns(AgentService.Resolved.class);
    r.patch("/v1/agents/{agent_id}", Access.ACTOR, req -> {
      UUID id = req.pathUuid("agent_id", "Invalid agent_id format");
      return s.patch(req.caller(), id, accessMode(req.body()));
    }).returns(AgentService.AccessMode.class).accepts(AgentRequests.AccessModeChange.class);
    r.delete("/v1/agents/{namespace}/{alias}", Access.PROJECT,
        req -> s.deregisterPeer(req.caller(), req.path("namespace"), req.path("alias")))
        .returns(AgentService.Deregistered.class);
    r.delete("/v1/agents/{address}", Access.PROJECT, req -> {
      throw ApiError.notFound("Invalid address format");
    });
  }

  private static String accessMode(Body b) {
    String m = b.str("access_mode");
    if (m != null && !m.equals("open") && !m.equals("contacts_only")) {
      throw ValidationError.body("access_mode", "access_mode must be one of ['contacts_only', 'open']", m);
    }
    return m;
  }

  private static AgentIdentityService.Claim claim(Body b) {
    String did = b.requiredStr("did", 1, 256);
    String pk = b.requiredStr("public_key", 1, 64);
    String custody = b.oneOf("custody", b.requiredStr("custody"), List.of("self"));
    String lifetime = b.oneOf("lifetime", b.requiredStr("lifetime"), List.of("persistent"));
    return new AgentIdentityService.Claim(did, pk, custody, lifetime);
  }

  private static AgentIdentityService.Retirement retirement(Body b) {
    String raw = b.requiredStr("successor_agent_id");
    UUID successor = Uuids.parse(raw).orElseThrow(
        () -> ValidationError.body("successor_agent_id", "Invalid successor_agent_id format", raw));
    String proof = b.str("retirement_proof");
    String ts = b.str("timestamp");
    return new AgentIdentityService.Retirement(successor, proof == null || proof.isEmpty() ? null : proof,
        ts == null ? "" : ts);
  }

  private static AgentIdentityService.Rotation rotation(Body b) {
    String custody = b.oneOf("custody", b.requiredStr("custody"), List.of("self", "custodial"));
    String ts = b.requiredStr("timestamp");
    String newDid = b.str("new_did", 256);
    String newPk = b.str("new_public_key", 64);
    if (custody.equals("self") && (newDid == null || newPk == null)) {
      throw ValidationError.body("new_did", "new_did and new_public_key are required when custody='self'", null);
    }
    if (custody.equals("custodial") && (newDid != null || newPk != null)) {
      throw ValidationError.body("new_did", "new_did/new_public_key must be omitted when custody='custodial'", newDid);
    }
    String sig = b.str("rotation_signature");
    return new AgentIdentityService.Rotation(custody, ts, newDid, newPk, sig == null || sig.isEmpty() ? null : sig);
  }
}
