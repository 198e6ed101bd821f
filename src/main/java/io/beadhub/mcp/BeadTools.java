package io.beadhub.mcp;

import io.beadhub.beads.BeadsService;
import io.beadhub.beads.BeadsStore;
import io.beadhub.beads.Formats;
import io.beadhub.dataplane.DataPlaneRoutes;
import io.beadhub.dataplane.DataPlaneService;
import java.util.List;

/**
 * Reading the beads (spec 90 §2): the original's {@code get_ready_issues} and {@code get_issue}, and ours,
 * {@code get_blocked_issues}, {@code get_hook} and {@code get_work_inbox}: the REST views' answers.
 */
final class BeadTools {
  private final BeadsService beads;
  private final DataPlaneService dataPlane;

  BeadTools(BeadsService beads, DataPlaneService dataPlane) {
    this.beads = beads;
    this.dataPlane = dataPlane;
  }

  List<Tool> tools() {
    return List.of(ready(), issue(), blocked(), hook(), workInbox());
  }

  private static Schema where(Schema s) {
    return s.field("repo", "string", "Only this repo (canonical origin, e.g. github.com/org/repo)")
        .field("branch", "string", "Only this branch");
  }

  private static final Schema ISSUE = Schema.object().field("bead_id", "string").field("repo", "string")
      .field("branch", "string").field("title", "string|null").field("status", "string|null")
      .field("priority", "integer|null").field("type", "string|null").field("assignee", "string|null")
      .required("bead_id", "repo", "branch");

  private Tool ready() {
    Schema in = where(Schema.object().field("workspace_id", "string", "Your workspace UUID (optional)"))
        .integer("limit", "Most issues to return (default 10)", 1, 10_000)
        .field("assignee", "string", "Only issues assigned to this name")
        .field("unassigned", "boolean", "Only unassigned issues")
        .strings("labels", "Only issues with all these labels", 50)
        .strings("types", "Only these issue types (bug, feature, task, …)", 50)
        .integer("priority", "Only this priority (0 highest)", 0, 4)
        .oneOf("sort", "Order (default priority)", List.of("priority", "hybrid", "oldest"))
        .field("include_claimed", "boolean", "Include issues someone has claimed")
        .field("parent", "string", "Only descendants of this bead");
    Schema out = Schema.object().list("issues", ISSUE).field("count", "integer").required("issues", "count");
    return new Tool("get_ready_issues", "List the beads issues that are ready to work on (open, nothing blocking).",
        Tool.Effect.READ, in, out, c -> {
          String sort = c.trimmed("sort");
          List<String> labels = c.strings("labels");
          List<String> types = c.strings("types");
          BeadsStore.ReadyQuery q = new BeadsStore.ReadyQuery(c.caller().projectId(), c.workspace(), repo(c),
              branch(c), c.integer("limit", 10), c.trimmed("assignee"), c.bool("unassigned", false),
              labels == null || labels.isEmpty() ? null : labels, types == null || types.isEmpty() ? null : types,
              c.integer("priority"), sort == null ? "priority" : sort, c.bool("include_claimed", false), false, null,
              null);
          return beads.ready(q, c.trimmed("parent"));
        });
  }

  private Tool issue() {
    Schema in = where(Schema.object().field("bead_id", "string", "Bead issue id, e.g. bd-12"))
        .field("full", "boolean", "Include the complete issue record").required("bead_id");
    Schema out = Schema.object().field("bead_id", "string").field("repo", "string").field("branch", "string")
        .field("title", "string|null").field("status", "string|null").field("description", "string|null")
        .field("blocked", "boolean").field("blocked_reasons", "array").field("also_in", "array")
        .required("bead_id", "repo", "branch");
    return new Tool("get_issue", "Get one beads issue by its bead id, with why it is blocked if it is.",
        Tool.Effect.READ, in, out, c -> {
          String id = c.required("bead_id");
          if (!Formats.isBeadId(id)) {
            throw new ToolError("Issue not found");
          }
          return beads.get(c.caller().projectId(),
              new BeadsService.GetRequest(id, repo(c), branch(c), c.bool("full", false)));
        });
  }

  private Tool blocked() {
    Schema in = where(Schema.object())
        .field("assignee", "string", "Only issues assigned to this name")
        .strings("types", "Only these issue types", 50)
        .strings("labels", "Only issues with all these labels", 50)
        .oneOf("kind", "Only issues blocked for this kind of reason", DataPlaneRoutes.KINDS.stream().sorted().toList())
        .integer("limit", "Most issues to return (default 50)", 1, 200);
    Schema out = Schema.object().field("issues", "array").field("count", "integer").required("issues");
    return new Tool("get_blocked_issues", "List the blocked beads issues, each with its blocked_reasons.",
        Tool.Effect.READ, in, out, c -> {
          List<String> labels = c.strings("labels");
          List<String> types = c.strings("types");
          return dataPlane.blocked(c.caller().projectId(), new DataPlaneService.BlockedFilter(repo(c), branch(c),
              c.trimmed("assignee"), types == null || types.isEmpty() ? null : types,
              labels == null || labels.isEmpty() ? null : labels, c.trimmed("kind")), c.integer("limit", 50), null);
        });
  }

  private Tool hook() {
    Schema in = Schema.object().field("repo", "string", "Only this repo");
    return new Tool("get_hook", "Show the work hooked to you (your current assignment and its molecule).",
        Tool.Effect.READ, in, Schema.object(), c -> dataPlane.hook(c.caller().projectId(), me(c), repo(c)));
  }

  private Tool workInbox() {
    Schema in = Schema.object().field("repo", "string", "Only this repo")
        .field("unread_only", "boolean", "Only unread items")
        .field("include_cc", "boolean", "Include items you are copied on (default true)")
        .integer("limit", "Most items to return (default 50)", 1, 200);
    Schema out = Schema.object().field("unread_count", "integer");
    return new Tool("get_work_inbox", "List the work items (mail beads) assigned to you, highest priority first.",
        Tool.Effect.READ, in, out, c -> dataPlane.inbox(c.caller().projectId(), new DataPlaneService.InboxQuery(me(c),
            c.bool("unread_only", false), c.bool("include_cc", true), repo(c), c.integer("limit", 50), null)));
  }

  /** The caller's own view: its workspace (the key's agent). */
  private static DataPlaneService.AgentRef me(ToolCall c) {
    return new DataPlaneService.AgentRef(null, c.caller().agentId().toString());
  }

  static String repo(ToolCall c) {
    String repo = c.trimmed("repo");
    if (repo != null && !Formats.isRepo(repo)) {
      throw new ToolError("Invalid repo: " + Formats.first(repo, 50));
    }
    return repo;
  }

  private static String branch(ToolCall c) {
    String b = c.trimmed("branch");
    if (b != null && !Formats.isBranch(b)) {
      throw new ToolError("Invalid branch name: " + Formats.first(b, 50));
    }
    return b;
  }
}
