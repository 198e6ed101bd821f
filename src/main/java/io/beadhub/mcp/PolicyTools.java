package io.beadhub.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code get_policy} (spec 90 §2, ours): the active policy for a role, as text. */
final class PolicyTools {
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
          Map<String, Object> o = new LinkedHashMap<>();
          o.put("policy_id", r.view().policyId());
          o.put("version", r.view().version());
          o.put("role", r.role());
          o.put("roles", r.roles());
          o.put("text", r.text());
          return o;
        }));
  }
}
