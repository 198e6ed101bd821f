package io.beadhub.mcp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The {@code Origin} rule of spec 90 §1 (DNS-rebinding protection, as the MCP transport spec asks): absent,
 * or this server's own origin: the host and port the request was sent to ({@code Host}). A port left out
 * is the default of the Origin's scheme, so a TLS proxy in front (Host without a port) still matches.
 */
final class Origins {
  private Origins() {
  }

  static boolean allowed(String origin, String host) {
    if (origin == null || origin.isEmpty()) {
      return true;
    }
    if (host == null || host.isEmpty()) {
      return false;
    }
    try {
      URI o = new URI(origin);
      URI h = new URI("//" + host);
      if (o.getHost() == null || o.getScheme() == null || h.getHost() == null) {
        return false; // "null" (a sandboxed page) and the like
      }
      int dflt = "https".equalsIgnoreCase(o.getScheme()) ? 443 : 80;
      return o.getHost().toLowerCase(Locale.ROOT).equals(h.getHost().toLowerCase(Locale.ROOT))
          && port(o, dflt) == port(h, dflt);
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static int port(URI u, int dflt) {
    return u.getPort() == -1 ? dflt : u.getPort();
  }
}
