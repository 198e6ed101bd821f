package io.beadhub.mcp;

import io.beadhub.escalations.EscalationService;
import java.util.List;

/**
 * Escalations (spec 90 §2): the original's {@code escalate} and {@code get_escalation}, and ours,
 * {@code respond_escalation}, which only a human's identity (the dashboard's agent) may call.
 */
final class EscalationTools {
  static final int DEFAULT_HOURS = 4;

  private final EscalationService escalations;

  EscalationTools(EscalationService escalations) {
    this.escalations = escalations;
  }

  List<Tool> tools() {
    return List.of(escalate(), get(), respond());
  }

  private static final Schema CREATED = Schema.object().field("escalation_id", "string").field("status", "string")
      .field("created_at", "string").field("expires_at", "string").required("escalation_id", "status");

  private static final Schema DETAIL = Schema.object().field("escalation_id", "string")
      .field("workspace_id", "string").field("alias", "string").field("member_email", "string|null")
      .field("subject", "string").field("situation", "string").field("options", "array|null")
      .field("status", "string").field("response", "string|null").field("response_note", "string|null")
      .field("created_at", "string").field("responded_at", "string|null").field("expires_at", "string")
      .required("escalation_id", "status", "subject");

  private Tool escalate() {
    Schema in = Schema.object().field("workspace_id", "string", "Your workspace UUID (optional)")
        .field("alias", "string", "Your alias (optional; must be the API key's)")
        .text("subject", "What needs a decision, in a line", 4096)
        .text("situation", "The situation and what you need from the human", 65_536)
        .strings("options", "Choices for the human", 20)
        .integer("expires_in_hours", "Hours until it expires (default 4)", 1, 8760)
        .text("member_email", "Email of the human to notify", 320)
        .required("subject", "situation");
    return new Tool("escalate", "Ask a human to decide something; the answer comes back to you as mail.",
        Tool.Effect.WRITE, in, CREATED, c -> {
          c.sameAlias("alias");
          List<String> options = c.strings("options");
          return escalations.create(c.caller(), new EscalationService.NewEscalation(
              c.workspace(), c.actor().alias(), c.required("subject"), c.required("situation"),
              options == null || options.isEmpty() ? null : options, c.integer("expires_in_hours", DEFAULT_HOURS),
              c.trimmed("member_email")));
        });
  }

  private Tool get() {
    Schema in = Schema.object().field("escalation_id", "string", "Escalation UUID").required("escalation_id");
    return new Tool("get_escalation", "Get an escalation with its status and the human's answer, if any.",
        Tool.Effect.READ, in, DETAIL, c -> escalations.get(c.caller(), c.requiredUuid("escalation_id"), null));
  }

  private Tool respond() {
    Schema in = Schema.object().field("escalation_id", "string", "Escalation UUID")
        .text("response", "Your decision (one of its options, or your own words)", 65_536)
        .text("note", "A note for the agent", 65_536).required("escalation_id", "response");
    Schema out = Schema.object().field("escalation_id", "string").field("status", "string")
        .field("response", "string").field("response_note", "string|null").field("responded_at", "string")
        .required("escalation_id", "status", "response");
    return new Tool("respond_escalation", "Answer an escalation as the human (only for a human's dashboard identity).",
        Tool.Effect.REMOVE, in, out, c -> {
          if (!c.actor().human()) {
            throw new ToolError("respond_escalation is only for a human's identity (the dashboard's agent);"
                + " agents wait for the human's answer");
          }
          return escalations.respond(c.caller(), c.requiredUuid("escalation_id"), c.required("response"),
              c.trimmed("note"));
        });
  }
}
