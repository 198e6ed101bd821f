package io.beadhub.mcp;

import io.beadhub.agents.AgentService;
import io.beadhub.names.Names;
import io.beadhub.status.StatusService;
import io.beadhub.workspaces.WorkspaceService;
import java.util.List;
import java.util.UUID;

/** Who is there (spec 90 §2, the original's): {@code register_agent}, {@code list_agents}, {@code status}. */
final class TeamTools {
  private final WorkspaceService workspaces;
  private final AgentService agents;
  private final StatusService status;

  TeamTools(WorkspaceService workspaces, AgentService agents, StatusService status) {
    this.workspaces = workspaces;
    this.agents = agents;
    this.status = status;
  }

  List<Tool> tools() {
    return List.of(register(), list(), status());
  }

  private static Schema workspace() {
    return Schema.object().field("workspace_id", "string", "Your workspace UUID (optional)");
  }

  private Tool register() {
    Schema in = workspace().field("alias", "string", "Your alias (optional; must be the API key's)")
        .text("human_name", "Name of the human you work for", 64)
        .text("program", "The agent program (claude-code, codex, …)", 255)
        .text("model", "The model", 255)
        .text("role", "Your role (developer, reviewer, …)", 50);
    Schema agent = Schema.object().field("alias", "string").field("human_name", "string|null")
        .field("project_slug", "string").field("program", "string|null").field("model", "string|null")
        .field("role", "string|null").field("registered_at", "string");
    Schema out = Schema.object().nested("agent", agent, false).field("workspace", "object").required("agent");
    return new Tool("register_agent", "Mark yourself present and active in the project (presence, with a TTL).",
        Tool.Effect.SET, in, out, c -> {
          c.sameAlias("alias");
          String human = c.trimmed("human_name");
          if (human != null && !Names.isHumanName(human)) {
            throw new ToolError("Invalid human_name format");
          }
          String role = c.trimmed("role");
          if (role != null) {
            role = Names.normalizeRole(role);
            if (!Names.isRole(role)) {
              throw new ToolError(Names.ROLE_MESSAGE);
            }
          }
          return workspaces.registerPresence(c.caller(), new WorkspaceService.Registration(c.workspace(), human,
              c.trimmed("program"), c.trimmed("model"), null, null, role, null));
        });
  }

  private Tool list() {
    Schema item = Schema.object().field("agent_id", "string").field("alias", "string")
        .field("human_name", "string|null").field("agent_type", "string|null").field("status", "string")
        .field("last_seen", "string|null").field("online", "boolean").required("agent_id", "alias", "online");
    Schema out = Schema.object().field("project_id", "string").list("agents", item).required("agents");
    return new Tool("list_agents", "List the project's agents and whether each is online.", Tool.Effect.READ,
        workspace(), out, c -> {
          c.workspace();
          return agents.list(c.caller());
        });
  }

  private Tool status() {
    Schema out = Schema.object().field("workspace", "object").field("agents", "array").field("claims", "array")
        .field("escalations_pending", "integer").field("timestamp", "string").required("agents", "claims");
    return new Tool("status", "Get the project's status: agents online, what each has claimed, pending escalations.",
        Tool.Effect.READ, workspace().field("scope", "string", "project (default) or workspace (only yours)"), out,
        c -> {
          UUID ws = c.workspace();
          boolean mine = "workspace".equals(c.trimmed("scope")) || c.trimmed("workspace_id") != null;
          return status.snapshot(c.caller(), mine ? ws : null, null);
        });
  }
}
