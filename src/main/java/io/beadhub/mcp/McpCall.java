package io.beadhub.mcp;

import io.beadhub.common.Caller;

/**
 * One JSON-RPC request being served, as the tools see it through the SDK's transport context: who calls,
 * and whether the client still wants the answer ({@code notifications/cancelled}, or the connection gone).
 */
final class McpCall {
  static final String KEY = "beadhub.mcp.call";

  private final Caller caller;
  private final ResponseChannel channel;
  private volatile boolean cancelled;

  McpCall(Caller caller, ResponseChannel channel) {
    this.caller = caller;
    this.channel = channel;
  }

  Caller caller() {
    return caller;
  }

  void cancel() {
    cancelled = true;
  }

  boolean cancelled() {
    return cancelled || channel.failed();
  }

  /** Keeps the answer's connection alive while a tool waits (an SSE comment). */
  void keepAlive() {
    channel.keepAlive();
  }
}
