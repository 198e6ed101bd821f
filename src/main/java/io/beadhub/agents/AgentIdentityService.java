package io.beadhub.agents;

import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.db.Database;
import io.beadhub.identity.CanonicalJson;
import io.beadhub.identity.DidKey;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** An agent's own identity (spec 10 §7.11–7.14): claim, reset, key rotation and retirement. */
public record AgentIdentityService(Database db) {
  /** The body of {@code PUT /v1/agents/me/identity}, validated by the route. */
  public record Claim(String did, String publicKey, String custody, String lifetime) {
  }

  /** The agent's identity after a claim or a reset (all null after a reset). */
  public record Identity(UUID agentId, String alias, String did, String publicKey, String stableId, String custody,
                         String lifetime) {
  }

  /** The body of {@code PUT /v1/agents/me/rotate}, validated by the route. */
  public record Rotation(String custody, String timestamp, String newDid, String newPublicKey, String signature) {
  }

  public record Rotated(String status, String oldDid, String newDid, String newPublicKey, String custody) {
  }

  /** The body of {@code PUT /v1/agents/me/retire}; {@code proof} null when none was sent. */
  public record Retirement(UUID successorAgentId, String proof, String timestamp) {
  }

  public record Retired(String status, UUID agentId, UUID successorAgentId) {
  }

  private record ResetLog(String oldPublicKey, String oldStableId) {
  }

  private record RotateLog(String timestamp, String newCustody) {
  }

  private record RetireLog(String successorAgentId, String successorDid, String successorAddress) {
  }

  private static Agent actorForUpdate(Handle h, Caller c) {
    return AgentStore.findLiveForUpdate(h, c.projectId(), c.agentId())
        .orElseThrow(() -> ApiError.notFound(AgentService.NOT_FOUND));
  }

  /** {@code PUT /v1/agents/me/identity} (spec 10 §7.11). */
  public Identity claim(Caller c, Claim claim) {
    byte[] raw = DidKey.decodePublicKey(claim.publicKey())
        .orElseThrow(() -> ApiError.badRequest("public_key must be a base64-encoded 32-byte Ed25519 key"));
    if (!DidKey.didOf(raw).equals(claim.did())) {
      throw ApiError.badRequest("DID does not match public_key");
    }
    return db.tx(h -> {
      Agent a = actorForUpdate(h, c);
      if (a.did() != null && !a.did().equals(claim.did())) {
        throw ApiError.conflict("Identity already claimed with a different DID");
      }
      if (a.did() == null) {
        AgentStore.claimIdentity(h, new AgentStore.Identity(a.agentId(), claim.did(), DidKey.canonicalPublicKey(raw),
            DidKey.stableIdOf(claim.did()).orElseThrow(), claim.custody(), claim.lifetime()));
        AgentStore.log(h, a.agentId(), a.projectId(), "claim_identity", null, claim.did(), null, null, null);
        a = AgentStore.findLive(h, c.projectId(), a.agentId()).orElseThrow();
      }
      return new Identity(a.agentId(), a.alias(), a.did(), a.publicKey(), a.stableId(), a.custody(), a.lifetime());
    });
  }

  /** {@code POST /v1/agents/me/identity/reset} (spec 10 §7.12). */
  public Identity reset(Caller c, boolean confirm) {
    if (!confirm) {
      throw ApiError.badRequest("confirm must be true to reset identity");
    }
    return db.tx(h -> {
      Agent a = actorForUpdate(h, c);
      if (a.did() != null) {
        AgentStore.clearIdentity(h, a.agentId());
        AgentStore.log(h, a.agentId(), a.projectId(), "reset_identity", a.did(), null, null, null,
            new ResetLog(a.publicKey(), a.stableId()));
      }
      return new Identity(a.agentId(), a.alias(), null, null, null, null, null);
    });
  }

  /** {@code PUT /v1/agents/me/rotate} (spec 10 §7.13): checks in the table's order. */
  public Rotated rotate(Caller c, Rotation r) {
    return db.tx(h -> {
      Agent a = actorForUpdate(h, c);
      if (a.lifetime().equals("ephemeral")) {
        throw ApiError.badRequest(
            "Cannot rotate key for an ephemeral agent. Deregister and create a new agent instead.");
      }
      if (a.custody() == null) {
        throw ApiError.forbidden("Agent custody is not configured for rotation");
      }
      if (a.custody().equals("self") && r.custody().equals("custodial")) {
        throw ApiError.badRequest("Cannot change a self-custodial agent back to custodial via rotate");
      }
      if (!a.custody().equals("custodial") && r.custody().equals("custodial")) {
        throw ApiError.badRequest("Only custodial agents can request custody='custodial' rotations");
      }
      if (a.did() == null) {
        throw ApiError.forbidden("Agent has no DID to rotate");
      }
      if (a.publicKey() == null) {
        throw ApiError.forbidden("Agent has no public key to verify proof against");
      }
      if (r.custody().equals("custodial")) {
        throw ApiError.badRequest("Custody key not configured");
      }
      byte[] newRaw = DidKey.decodePublicKey(r.newPublicKey()).orElseThrow(() -> ApiError.badRequest(
          "new_public_key must be a base64-encoded 32-byte Ed25519 key (url-safe or standard)"));
      if (!DidKey.didOf(newRaw).equals(r.newDid())) {
        throw ApiError.badRequest("DID does not match new_public_key");
      }
      if (r.signature() == null && a.custody().equals("custodial")) {
        throw ApiError.badRequest("Custody key not configured");
      }
      if (r.signature() == null) {
        throw ApiError.unprocessable("rotation_signature is required");
      }
      verify(a, r.signature(), Map.of("new_did", r.newDid(), "old_did", a.did(), "timestamp", r.timestamp()),
          "Malformed rotation proof encoding", "Invalid rotation proof");
      String newPk = DidKey.canonicalPublicKey(newRaw);
      AgentStore.rotateKey(h, a.agentId(), r.newDid(), newPk);
      AgentStore.log(h, a.agentId(), a.projectId(), "rotate", a.did(), r.newDid(), a.did(), r.signature(),
          new RotateLog(r.timestamp(), "self"));
      AgentStore.announceRotation(h, new AgentStore.RotationAnnouncement(a.agentId(), a.projectId(), a.did(),
          r.newDid(), r.timestamp(), r.signature()));
      return new Rotated("rotated", a.did(), r.newDid(), newPk, "self");
    });
  }

  /** {@code PUT /v1/agents/me/retire} (spec 10 §7.14). */
  public Retired retire(Caller c, Retirement r) {
    return db.tx(h -> {
      Agent a = actorForUpdate(h, c);
      if (a.lifetime().equals("ephemeral")) {
        throw ApiError.badRequest("Cannot retire an ephemeral agent. Use the deregister endpoint instead.");
      }
      if (a.status().equals("retired")) {
        throw ApiError.badRequest("Agent is already retired");
      }
      if (a.status().equals("deregistered")) {
        throw ApiError.badRequest("Agent is already deregistered");
      }
      if (r.successorAgentId().equals(a.agentId())) {
        throw ApiError.badRequest("An agent cannot name itself as its own successor");
      }
      Agent s = AgentStore.findLive(h, c.projectId(), r.successorAgentId())
          .orElseThrow(() -> ApiError.notFound("Successor agent not found in this project"));
      if (s.did() == null) {
        throw ApiError.unprocessable("Successor agent has no DID \u2014 cannot build verifiable retirement proof");
      }
      if (r.proof() == null && "custodial".equals(a.custody())) {
        throw ApiError.badRequest("Custody key not configured");
      }
      if (r.proof() == null) {
        throw ApiError.unprocessable("retirement_proof is required for self-custodial agents");
      }
      if (a.publicKey() == null) {
        throw ApiError.forbidden("Agent has no public key to verify proof against");
      }
      verify(a, r.proof(), Map.of("operation", "retire", "successor_address", s.address(), "successor_did", s.did(),
          "timestamp", r.timestamp()), "Malformed retirement proof encoding", "Invalid retirement proof");
      AgentStore.retire(h, a.agentId(), s.agentId());
      AgentStore.log(h, a.agentId(), a.projectId(), "retire", a.did(), null, a.did(), r.proof(),
          new RetireLog(s.agentId().toString(), s.did(), s.address()));
      return new Retired("retired", a.agentId(), s.agentId());
    });
  }

  /**
   * Checks {@code signature} (standard base64) by the agent's current key over the canonical JSON of
   * {@code signed}.
   */
  private static void verify(Agent a, String signature, Map<String, String> signed, String malformed,
                             String invalid) {
    byte[] sig = DidKey.decodeStandardBase64(signature);
    if (sig == null) {
      throw ApiError.forbidden(malformed);
    }
    byte[] raw = DidKey.decodePublicKey(a.publicKey()).orElse(null);
    if (raw == null || !DidKey.verify(raw, CanonicalJson.of(signed), sig)) {
      throw ApiError.forbidden(invalid);
    }
  }
}
