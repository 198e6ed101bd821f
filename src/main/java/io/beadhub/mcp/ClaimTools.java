package io.beadhub.mcp;

import io.beadhub.beads.Formats;
import io.beadhub.sync.BeadClaimService;
import java.util.List;

/** Claims (spec 90 §2, ours): {@code claim_issue} and {@code release_issue}, by the pre-flight's rule. */
final class ClaimTools {
  private final BeadClaimService claims;

  ClaimTools(BeadClaimService claims) {
    this.claims = claims;
  }

  List<Tool> tools() {
    return List.of(claim(), release());
  }

  private static Schema in() {
    return Schema.object().field("bead_id", "string", "Bead id, e.g. bd-12")
        .field("repo", "string", "Repo of the bead (canonical origin or git URL; default: your workspace's repo)")
        .field("workspace_id", "string", "Your workspace UUID (optional)").required("bead_id");
  }

  private static String beadId(ToolCall c) {
    String id = c.required("bead_id");
    if (!Formats.isBeadId(id)) {
      throw new ToolError("Invalid bead_id format: " + Formats.first(id, 100));
    }
    return id;
  }

  private Tool claim() {
    Schema out = Schema.object().field("bead_id", "string").field("repo", "string").field("workspace_id", "string")
        .field("alias", "string").field("state", "string").required("bead_id", "repo", "state");
    return new Tool("claim_issue", "Claim a beads issue so others know you work on it; refused if someone else holds it.",
        Tool.Effect.SET, in(), out, c -> claims.claim(c.caller(), c.workspace(), c.trimmed("repo"), beadId(c)));
  }

  private Tool release() {
    Schema out = Schema.object().field("bead_id", "string").field("repo", "string").field("released", "boolean")
        .required("bead_id", "repo", "released");
    return new Tool("release_issue", "Release your claim on a beads issue.", Tool.Effect.REMOVE, in(), out,
        c -> claims.release(c.caller(), c.workspace(), c.trimmed("repo"), beadId(c)));
  }
}
