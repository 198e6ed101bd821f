package io.beadhub.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.ApiError;
import io.beadhub.common.Json;
import io.beadhub.db.DatabaseUnavailable;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tool: its name, a one-sentence description for a model, annotations true to what it does, input and
 * output schemas, and a handler that calls a service. The handler's result is written with the one mapper
 * as {@code structuredContent} and the same JSON as a text item; a broken rule or a missing object (an
 * {@link ApiError} or {@link ToolError}) is a result with {@code isError} and a one-line message.
 */
final class Tool {
  private static final Logger log = LoggerFactory.getLogger(Tool.class);

  interface Handler {
    Object call(ToolCall call);
  }

  /** What a tool does to the world, for the annotations (spec 90 §2). */
  enum Effect {
    /** Reads only. */
    READ(true, false, true),
    /** Adds or changes something; calling again does it again (a second mail). */
    WRITE(false, false, false),
    /** Sets a state; calling again changes nothing more (a claim, a subscription). */
    SET(false, false, true),
    /** Removes or overwrites something (a release, an answer); calling again changes nothing more. */
    REMOVE(false, true, true);

    final boolean readOnly;
    final boolean destructive;
    final boolean idempotent;

    Effect(boolean readOnly, boolean destructive, boolean idempotent) {
      this.readOnly = readOnly;
      this.destructive = destructive;
      this.idempotent = idempotent;
    }
  }

  private final String name;
  private final String description;
  private final Effect effect;
  private final Schema input;
  private final Schema output;
  private final Handler handler;

  Tool(String name, String description, Effect effect, Schema input, Schema output, Handler handler) {
    this.name = name;
    this.description = description;
    this.effect = effect;
    this.input = input;
    this.output = output;
    this.handler = handler;
  }

  String name() {
    return name;
  }

  McpServerFeatures.SyncToolSpecification spec(ActorService actors) {
    McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description(description)
        .inputSchema(input.map()).outputSchema(output.map())
        .annotations(McpSchema.ToolAnnotations.builder().readOnlyHint(effect.readOnly)
            .destructiveHint(effect.destructive).idempotentHint(effect.idempotent).openWorldHint(false).build())
        .build();
    return new McpServerFeatures.SyncToolSpecification(tool, (exchange, request) -> call(exchange, request, actors));
  }

  private McpSchema.CallToolResult call(McpSyncServerExchange exchange, McpSchema.CallToolRequest request,
                                        ActorService actors) {
    McpCall call = (McpCall) exchange.transportContext().get(McpCall.KEY);
    try {
      JsonNode out = Json.MAPPER.valueToTree(handler.call(new ToolCall(exchange, request, call, actors)));
      return McpSchema.CallToolResult.builder().structuredContent(out).addTextContent(Json.string(out)).build();
    } catch (ToolError e) {
      return failure(e.getMessage());
    } catch (ApiError e) {
      return failure(message(e));
    } catch (RuntimeException e) {
      if (DatabaseUnavailable.is(e)) {
        throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message(DatabaseUnavailable.DETAIL).build();
      }
      log.error("tool {} failed", name, e);
      throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message("Internal error").build();
    }
  }

  static McpSchema.CallToolResult failure(String message) {
    return McpSchema.CallToolResult.builder().addTextContent(message).isError(true).build();
  }

  /** The error's detail on one line, with the fields it carries (the holder of a lock, …). */
  static String message(ApiError e) {
    String detail = e.detail() instanceof List<?> items ? items.stream().map(Tool::item)
        .collect(Collectors.joining("; ")) : String.valueOf(e.detail());
    if (e.extra().isEmpty()) {
      return detail;
    }
    return detail + " (" + e.extra().entrySet().stream().map(x -> x.getKey() + ": " + x.getValue())
        .collect(Collectors.joining(", ")) + ")";
  }

  private static String item(Object o) {
    if (o instanceof Map<?, ?> m && m.get("msg") != null) {
      return m.get("loc") + ": " + m.get("msg");
    }
    return String.valueOf(o);
  }
}
