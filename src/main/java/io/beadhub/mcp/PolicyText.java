package io.beadhub.mcp;

import io.beadhub.common.Caller;
import io.beadhub.policies.PolicyService;
import io.beadhub.policies.PolicyView;
import java.util.List;

/**
 * The active policy as text for a model (spec 90 §2–3): the invariants, then one role's playbook. Shared by
 * {@code get_policy}, the {@code beadhub://policy/{role}} resource and the {@code start_work} prompt.
 */
final class PolicyText {
  /** The policy, the role shown (null: none) and the text. */
  record Rendered(PolicyView view, String role, String text) {
    List<String> roles() {
      return view.roles().keySet().stream().sorted().toList();
    }
  }

  private final PolicyService policies;
  private final ActorService actors;

  PolicyText(PolicyService policies, ActorService actors) {
    this.policies = policies;
    this.actors = actors;
  }

  /** {@code role} null: the caller's workspace role when the policy has it, else no role. */
  Rendered render(Caller caller, String role) {
    PolicyView view = PolicyView.of(policies.active(caller));
    String chosen = role;
    if (chosen == null) {
      String mine = actors.role(caller);
      chosen = mine != null && view.roles().containsKey(mine) ? mine : null;
    } else if (!view.roles().containsKey(chosen)) {
      List<String> names = view.roles().keySet().stream().sorted().map(k -> "'" + k + "'").toList();
      throw new ToolError("Role '" + chosen + "' not found. Available roles: [" + String.join(", ", names) + "]");
    }
    StringBuilder t = new StringBuilder("# Project policy (version ").append(view.version()).append(")\n");
    if (!view.invariants().isEmpty()) {
      t.append("\n## Invariants\n");
      for (PolicyView.Invariant i : view.invariants()) {
        t.append("\n### ").append(i.title()).append("\n\n").append(i.bodyMd().strip()).append('\n');
      }
    }
    if (chosen != null) {
      PolicyView.Role r = view.roles().get(chosen);
      t.append("\n## Role: ").append(chosen).append(" (").append(r.title()).append(")\n\n")
          .append(r.playbookMd().strip()).append('\n');
    } else {
      t.append("\nRoles: ").append(String.join(", ", view.roles().keySet().stream().sorted().toList()))
          .append(" (ask for one to see its playbook)\n");
    }
    return new Rendered(view, chosen, t.toString());
  }
}
