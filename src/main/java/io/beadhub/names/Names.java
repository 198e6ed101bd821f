package io.beadhub.names;

import java.util.Locale;
import java.util.regex.Pattern;

/** Naming rules shared by routes (spec 10 §3, 30 §0.3). Patterns are full matches. */
public final class Names {
  public static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  public static final Pattern PROJECT_SLUG = Pattern.compile("[A-Za-z0-9/_.-]{1,256}");
  public static final Pattern HUMAN_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9 '\\-]{0,63}");
  private static final Pattern ROLE_WORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
  public static final Pattern CANONICAL_ORIGIN =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*");
  public static final Pattern TIMEZONE = Pattern.compile("[A-Za-z][A-Za-z0-9_+\\-/]{0,63}");
  public static final String ALIAS_MESSAGE =
      "Invalid alias: must be alphanumeric with hyphens/underscores, 1-64 chars";
  public static final String ROLE_MESSAGE =
      "Invalid role: use 1-2 words (letters/numbers) with hyphens/underscores allowed; max 50 chars";
  public static final String HOSTNAME_MESSAGE =
      "hostname contains invalid characters (null bytes or control characters)";
  public static final String WORKSPACE_PATH_MESSAGE =
      "workspace_path contains invalid characters (null bytes or control characters)";
  public static final String TIMEZONE_MESSAGE =
      "timezone must be a valid IANA identifier (e.g. 'Europe/Madrid', 'America/New_York')";

  private Names() {
  }

  public static boolean isAlias(String s) {
    return s != null && ALIAS.matcher(s).matches();
  }

  public static boolean isReservedAlias(String s) {
    return s != null && s.equalsIgnoreCase("me");
  }

  public static boolean isProjectSlug(String s) {
    return s != null && PROJECT_SLUG.matcher(s).matches();
  }

  public static boolean isHumanName(String s) {
    return s != null && HUMAN_NAME.matcher(s).matches();
  }

  public static boolean isCanonicalOrigin(String s) {
    return s != null && s.length() <= 255 && CANONICAL_ORIGIN.matcher(s).matches();
  }

  public static boolean isTimezone(String s) {
    return s != null && TIMEZONE.matcher(s).matches();
  }

  /** Trim, collapse whitespace runs, lowercase; empty → {@code agent}. */
  public static String normalizeRole(String raw) {
    String r = raw == null ? "" : raw.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    return r.isEmpty() ? "agent" : r;
  }

  /** Normalised role validity: 1–50 chars, 1–2 words of the word pattern. */
  public static boolean isRole(String normalized) {
    if (normalized == null || normalized.isEmpty() || normalized.length() > 50) {
      return false;
    }
    String[] words = normalized.split(" ");
    if (words.length > 2) {
      return false;
    }
    for (String w : words) {
      if (!ROLE_WORD.matcher(w).matches()) {
        return false;
      }
    }
    return true;
  }

  /** No character below U+0020. */
  public static boolean isHostname(String s) {
    return s == null || s.chars().noneMatch(c -> c < 0x20);
  }

  /** No character below U+0020 except TAB and LF. */
  public static boolean isWorkspacePath(String s) {
    return s == null || s.chars().noneMatch(c -> c < 0x20 && c != '\t' && c != '\n');
  }

  /** Namespace slug derived from a project slug (spec 10 §3.1), before de-duplication. */
  public static String namespaceBase(String projectSlug) {
    String s = projectSlug.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-");
    s = s.replaceAll("^-+", "").replaceAll("-+$", "");
    if (s.isEmpty()) {
      s = "default";
    }
    return cut(s, 64);
  }

  /** Cuts to {@code max} characters and trims a trailing {@code -}. */
  public static String cut(String s, int max) {
    String out = s.length() > max ? s.substring(0, max) : s;
    return out.replaceAll("-+$", "");
  }
}
