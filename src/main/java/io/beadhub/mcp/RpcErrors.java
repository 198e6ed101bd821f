package io.beadhub.mcp;

import io.beadhub.common.ApiError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Errors the transport answers itself, before a message reaches a session: the HTTP status the transport
 * spec names, a JSON-RPC error without an id (for MCP clients), and our {@code detail} (for everyone else).
 */
final class RpcErrors {
  /** Not JSON-RPC codes: the server's own range, for transport-level refusals. */
  static final int SESSION_NOT_FOUND = -32001;
  static final int BAD_REQUEST = -32000;

  private RpcErrors() {
  }

  static ApiError of(int status, int code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    return new ApiError(status, message).with("jsonrpc", McpSchema.JSONRPC_VERSION).with("id", null)
        .with("error", error);
  }

  static ApiError parse(String why) {
    return of(400, McpSchema.ErrorCodes.PARSE_ERROR, "Parse error: " + why);
  }

  static ApiError invalid(String why) {
    return of(400, McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid Request: " + why);
  }

  static ApiError badRequest(String why) {
    return of(400, BAD_REQUEST, "Bad Request: " + why);
  }

  static ApiError sessionNotFound() {
    return of(404, SESSION_NOT_FOUND, "Session not found");
  }
}
