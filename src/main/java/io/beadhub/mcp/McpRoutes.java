package io.beadhub.mcp;

import io.beadhub.common.Access;
import io.beadhub.http.Router;
import io.beadhub.mail.MailRoutes;

/**
 * {@code /mcp} (spec 90): the MCP Streamable HTTP transport. Every method needs a key whose agent is the
 * actor of what the session does (401 with {@code WWW-Authenticate: Bearer} without one, from the router).
 */
public final class McpRoutes {
  private McpRoutes() {
  }

  public static void register(Router r, McpTransport t) {
    // A POST carries at most one message, as large as the largest mail body (send_message) can make it.
    r.post("/mcp", Access.ACTOR, MailRoutes.MESSAGE_CAP, t::post).summary("MCP Streamable HTTP: one JSON-RPC message");
    r.get("/mcp", Access.ACTOR, t::get).stream("mcp");
    r.delete("/mcp", Access.ACTOR, t::delete);
  }
}
