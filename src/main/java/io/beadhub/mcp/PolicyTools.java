package io.beadhub.mcp;

import java.util.List;
import java.util.UUID;

/** {@code get_policy} (spec 90 §2, ours): the active policy for a role, as text. */
final class PolicyTools {
  /** What {@code get_policy} answers. */
  record Policy(UUID policyId, int version, String role, List<String> roles, String text) {
  }

  private final PolicyText policy;

  PolicyTools(PolicyText policy) {
    this.policy = policy;
  }

  List<Tool> tools() {
    Schema in = Schema.object().field("role", "string", "The role whose playbook to show (default: your role)");
    Schema out = Schema.object().field("policy_id", "string").field("version", "integer")
        .field("role", "string|null").field("roles", "array").field("text", "string")
        .required("policy_id", "version", "text");
    return List.of(new Tool("get_policy", "Read the project's rules and the playbook of your role, as text.",
        Tool.Effect.READ, in, out, c -> {
          PolicyText.Rendered r = policy.render(c.caller(), c.trimmed("role"));
          return new Policy(r.view().policyId(), r.view().version(), r.role(), r.roles(), r.text());
        }));
  }
}
