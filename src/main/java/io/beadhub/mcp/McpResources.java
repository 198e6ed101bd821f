package io.beadhub.mcp;

import io.beadhub.beads.BeadsService;
import io.beadhub.beads.Formats;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Json;
import io.beadhub.status.StatusService;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * The resources of spec 90 §3: {@code beadhub://status} (the project status JSON), and the templates
 * {@code beadhub://policy/{role}} (the active policy as text) and {@code beadhub://issues/{bead_id}} (one bead).
 */
record McpResources(StatusService status, BeadsService beads, PolicyText policy) {
  static final String STATUS = "beadhub://status";
  static final String POLICY = "beadhub://policy/";
  static final String ISSUES = "beadhub://issues/";

  List<McpServerFeatures.SyncResourceSpecification> resources() {
    McpSchema.Resource r = McpSchema.Resource.builder().uri(STATUS).name("status").title("Project status")
        .description("Agents online, their claims and pending escalations in the project, as JSON.")
        .mimeType("application/json").build();
    return List.of(new McpServerFeatures.SyncResourceSpecification(r, (exchange, request) ->
        read(exchange, request, "application/json", c -> Json.string(status.snapshot(c, null, null)))));
  }

  List<McpServerFeatures.SyncResourceTemplateSpecification> templates() {
    McpSchema.ResourceTemplate policyTemplate = McpSchema.ResourceTemplate.builder()
        .uriTemplate(POLICY + "{role}").name("policy").title("Policy for a role")
        .description("The project's active policy: its invariants and the playbook of one role, as markdown.")
        .mimeType("text/markdown").build();
    McpSchema.ResourceTemplate issueTemplate = McpSchema.ResourceTemplate.builder()
        .uriTemplate(ISSUES + "{bead_id}").name("issue").title("Beads issue")
        .description("One beads issue with why it is blocked, if it is, as JSON.").mimeType("application/json")
        .build();
    return List.of(
        new McpServerFeatures.SyncResourceTemplateSpecification(policyTemplate, (exchange, request) ->
            read(exchange, request, "text/markdown",
                c -> policy.render(c, variable(request.uri(), POLICY)).text())),
        new McpServerFeatures.SyncResourceTemplateSpecification(issueTemplate, (exchange, request) ->
            read(exchange, request, "application/json", c -> {
              String id = variable(request.uri(), ISSUES);
              if (!Formats.isBeadId(id)) {
                throw ApiError.notFound("Issue not found");
              }
              return Json.string(beads.get(c.projectId(), new BeadsService.GetRequest(id, null, null, false)));
            })));
  }

  private static String variable(String uri, String prefix) {
    return URLDecoder.decode(uri.substring(prefix.length()), StandardCharsets.UTF_8);
  }

  private static McpSchema.ReadResourceResult read(McpSyncServerExchange exchange, McpSchema.ReadResourceRequest request,
                                                  String mime, Function<Caller, String> text) {
    McpCall call = (McpCall) exchange.transportContext().get(McpCall.KEY);
    try {
      return new McpSchema.ReadResourceResult(List.of(
          new McpSchema.TextResourceContents(request.uri(), mime, text.apply(call.caller()))));
    } catch (ApiError e) {
      int code = e.status() == 404 ? McpSchema.ErrorCodes.RESOURCE_NOT_FOUND : McpSchema.ErrorCodes.INVALID_PARAMS;
      throw McpError.builder(code).message(Tool.message(e)).build();
    } catch (ToolError e) {
      throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(e.getMessage()).build();
    }
  }
}
