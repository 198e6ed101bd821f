package io.beadhub.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.auth.ActorBinding;
import io.beadhub.common.Caller;
import io.beadhub.common.Json;
import io.beadhub.common.Uuids;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One {@code tools/call} as a tool sees it: its arguments, the caller (the key's agent, the actor of every
 * call) and the checks of the identity arguments tools accept for compatibility (spec 90 §1).
 */
final class ToolCall {
  private final McpSyncServerExchange exchange;
  private final McpCall call;
  private final JsonNode args;
  private final Object progressToken;
  private final ActorService actors;
  private ActorService.Actor actor;

  ToolCall(McpSyncServerExchange exchange, McpSchema.CallToolRequest request, McpCall call, ActorService actors) {
    this.exchange = exchange;
    this.call = call;
    this.actors = actors;
    this.args = request.arguments() == null ? Json.object() : Json.MAPPER.valueToTree(request.arguments());
    this.progressToken = request.meta() == null ? null : request.meta().get("progressToken");
  }

  Caller caller() {
    return call.caller();
  }

  ActorService.Actor actor() {
    if (actor == null) {
      actor = actors.actor(caller());
    }
    return actor;
  }

  ActorService actors() {
    return actors;
  }

  // ---- arguments (their types are checked against the input schema before the tool runs) ----

  String str(String name) {
    JsonNode v = args.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new ToolError(name + " must be a string");
    }
    return v.textValue();
  }

  /** A string argument, trimmed; blank counts as absent. */
  String trimmed(String name) {
    String s = str(name);
    return s == null || s.isBlank() ? null : s.trim();
  }

  String required(String name) {
    String s = trimmed(name);
    if (s == null) {
      throw new ToolError(name + " is required");
    }
    return s;
  }

  Integer integer(String name) {
    JsonNode v = args.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new ToolError(name + " must be an integer");
    }
    return v.intValue();
  }

  int integer(String name, int dflt) {
    Integer i = integer(name);
    return i == null ? dflt : i;
  }

  boolean bool(String name, boolean dflt) {
    JsonNode v = args.get(name);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw new ToolError(name + " must be a boolean");
    }
    return v.booleanValue();
  }

  /** A list of non-blank strings, trimmed; null when absent. */
  List<String> strings(String name) {
    JsonNode v = args.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      throw new ToolError(name + " must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode x : v) {
      if (!x.isTextual()) {
        throw new ToolError(name + " must be a list of strings");
      }
      if (!x.textValue().isBlank()) {
        out.add(x.textValue().trim());
      }
    }
    return out;
  }

  UUID uuid(String name) {
    String s = trimmed(name);
    if (s == null) {
      return null;
    }
    return Uuids.parse(s).orElseThrow(() -> new ToolError(name + " must be a UUID"));
  }

  UUID requiredUuid(String name) {
    UUID id = uuid(name);
    if (id == null) {
      throw new ToolError(name + " is required");
    }
    return id;
  }

  // ---- identity arguments: accepted, and must name the key's own agent and project ----

  /** {@code workspace_id}, when given, is the key's agent (its workspace has the agent's id). */
  UUID workspace() {
    UUID ws = uuid("workspace_id");
    if (ws != null && !ws.equals(caller().agentId())) {
      throw new ToolError(ActorBinding.MISMATCH);
    }
    return caller().agentId();
  }

  /** An alias argument ({@code alias}, {@code agent_name}, {@code sender_name}), when given, is the key's. */
  void sameAlias(String name) {
    String alias = trimmed(name);
    if (alias != null && !alias.equals(actor().alias())) {
      throw new ToolError(name + " '" + alias + "' does not match the API key's agent ('" + actor().alias() + "')");
    }
  }

  /** {@code project_key}, when given, is the key's project slug. */
  void sameProject() {
    String key = trimmed("project_key");
    if (key != null && !key.equals(actor().projectSlug())) {
      throw new ToolError("project_key '" + key + "' does not match the API key's project ('"
          + actor().projectSlug() + "')");
    }
  }

  // ---- long calls ----

  /** Whether the client cancelled the call or went away. */
  boolean cancelled() {
    return call.cancelled();
  }

  /** A progress notification, when the client asked for them (a {@code progressToken}); else a keepalive. */
  void progress(double progress, double total, String message) {
    if (progressToken == null) {
      call.keepAlive();
      return;
    }
    exchange.progressNotification(new McpSchema.ProgressNotification(progressToken, progress, total, message));
  }
}
