package io.beadhub.repos;

import io.beadhub.names.Names;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Git URL canonicalisation (spec 30 §0.3): every form of one repo gives {@code host/org/repo}. */
public final class GitUrl {
  private static final Pattern SCP = Pattern.compile("git@([^:/\\s]+):(.+)", Pattern.DOTALL);

  /** A canonicalisation failure; the message is the reason clients see after {@code Invalid …: }. */
  public static final class Invalid extends Exception {
    public Invalid(String message) {
      super(message, null, false, false);
    }
  }

  private GitUrl() {
  }

  public static String canonicalize(String raw) throws Invalid {
    String input = raw == null ? "" : raw.trim();
    if (input.isEmpty()) {
      throw new Invalid("Empty origin URL");
    }
    String host;
    String path;
    Matcher m = SCP.matcher(input);
    if (m.matches()) {
      host = m.group(1);
      path = m.group(2);
    } else {
      URI uri;
      try {
        uri = new URI(input);
      } catch (URISyntaxException e) {
        throw new Invalid("Invalid git URL: " + input);
      }
      if (uri.getScheme() == null || uri.getRawAuthority() == null) {
        throw new Invalid("Invalid git URL: " + input);
      }
      host = hostOf(uri.getRawAuthority());
      if (host.isEmpty()) {
        throw new Invalid("Invalid git URL: " + input);
      }
      path = uri.getPath() == null ? "" : uri.getPath();
      if (path.startsWith("/")) {
        path = path.substring(1);
      }
    }
    if (path.endsWith(".git")) {
      path = path.substring(0, path.length() - 4);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.isEmpty()) {
      throw new Invalid("Invalid git URL (no path): " + input);
    }
    String canonical = host + "/" + path;
    if (!Names.isCanonicalOrigin(canonical)) {
      throw new Invalid("Invalid git URL: " + input);
    }
    return canonical;
  }

  /** The last path segment: the repo's name. */
  public static String name(String canonical) {
    return canonical.substring(canonical.lastIndexOf('/') + 1);
  }

  /** Host of an authority: userinfo and port dropped, lowercased. */
  private static String hostOf(String authority) {
    String a = authority;
    int at = a.lastIndexOf('@');
    if (at >= 0) {
      a = a.substring(at + 1);
    }
    if (a.startsWith("[")) {
      int end = a.indexOf(']');
      return end < 0 ? "" : a.substring(0, end + 1).toLowerCase(Locale.ROOT);
    }
    int colon = a.indexOf(':');
    if (colon >= 0) {
      a = a.substring(0, colon);
    }
    return a.toLowerCase(Locale.ROOT);
  }
}
