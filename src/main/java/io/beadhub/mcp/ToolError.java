package io.beadhub.mcp;

/** A tool call that breaks a rule or names what is not there: the tool's result, {@code isError}, one line. */
final class ToolError extends RuntimeException {
  ToolError(String message) {
    super(message, null, false, false);
  }
}
