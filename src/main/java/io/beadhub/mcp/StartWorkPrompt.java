package io.beadhub.mcp;

import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;

/**
 * The {@code start_work} prompt (spec 90 §3): find ready work, claim it, reserve its files, report; for the
 * agent's role, with the active policy's text.
 */
final class StartWorkPrompt {
  private final PolicyText policy;
  private final ActorService actors;

  StartWorkPrompt(PolicyText policy, ActorService actors) {
    this.policy = policy;
    this.actors = actors;
  }

  McpServerFeatures.SyncPromptSpecification prompt() {
    McpSchema.Prompt p = new McpSchema.Prompt("start_work", "Start work",
        "Find ready work, claim it, reserve its files and report, following the project's policy for your role.",
        List.of(new McpSchema.PromptArgument("role", "Role", "Your role (default: your workspace's role)", false)));
    return new McpServerFeatures.SyncPromptSpecification(p, (exchange, request) -> {
      McpCall call = (McpCall) exchange.transportContext().get(McpCall.KEY);
      Object asked = request.arguments() == null ? null : request.arguments().get("role");
      String role = asked instanceof String s && !s.isBlank() ? s.trim() : null;
      PolicyText.Rendered r;
      try {
        r = policy.render(call.caller(), role);
      } catch (ToolError e) {
        throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(e.getMessage()).build();
      }
      ActorService.Actor me = actors.actor(call.caller());
      String text = "You are " + me.alias() + (r.role() == null ? "" : ", " + r.role()) + ", in project "
          + me.projectSlug() + ", working with other agents through beadhub.\n\n"
          + "1. Read the policy below and follow it.\n"
          + "2. Call get_ready_issues (and get_hook for work assigned to you) and pick the most important issue"
          + " your role should take.\n"
          + "3. Call claim_issue for it; if someone else holds it, pick another.\n"
          + "4. Call reserve_files for the files you will edit; if another agent holds one, coordinate with"
          + " chat_send or pick other work.\n"
          + "5. Report what you took and your plan with send_message or chat_send, as the policy asks.\n"
          + "6. When done: release_files, release_issue, and report the result.\n\n" + r.text();
      return new McpSchema.GetPromptResult("Start work as " + me.alias(),
          List.of(new McpSchema.PromptMessage(McpSchema.Role.USER, new McpSchema.TextContent(text))));
    });
  }
}
