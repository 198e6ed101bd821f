package io.beadhub.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Process configuration, read once from environment variables (spec 30 §9.1, 10 §0.5).
 * Invalid values fail fast with a {@link ConfigException} whose message names the variable.
 */
public record Config(
    String host,
    int port,
    String databaseUrl,          // null ⇒ embedded PostgreSQL
    String redisUrl,             // null ⇒ in-process presence and fan-out
    String logLevel,
    boolean logJson,
    int presenceTtlSeconds,
    String internalAuthSecret,   // null ⇒ signed proxy auth disabled
    int initRateLimit,
    int initRateWindowSeconds,
    boolean custodyKeySet,
    String awebServerUrl,
    Path dataDir,
    int embeddedPgPort,
    int eventRetentionHours,
    int dbPoolSize,
    String dashboardHuman,     // "" ⇒ the dashboard asks the human for a name
    boolean metrics,           // GET /metrics (Prometheus text), off by default
    boolean accessLog,         // one info line per request on the logger "io.beadhub.access"
    int wakeCoalesceSeconds,   // at most one wake per agent per this many seconds
    int escalationRemindSeconds,    // first re-notification of an unviewed escalation; 0 ⇒ none
    int escalationRemindMaxSeconds) { // the longest gap between two re-notifications

  /** Connections kept to PostgreSQL per replica unless {@code BEADHUB_DB_POOL_SIZE} says otherwise. */
  public static final int DEFAULT_DB_POOL_SIZE = 12;

  public static Config fromEnv() {
    return from(System.getenv());
  }

  public static Config from(Map<String, String> env) {
    return new Config(
        str(env, "BEADHUB_HOST", "0.0.0.0"),
        port(env),
        firstSet(env, "BEADHUB_DATABASE_URL", "DATABASE_URL"),
        firstSet(env, "BEADHUB_REDIS_URL", "REDIS_URL"),
        logLevel(env),
        !"false".equalsIgnoreCase(str(env, "BEADHUB_LOG_JSON", "true").trim()),
        atLeast(env, "BEADHUB_PRESENCE_TTL_SECONDS", 1800, 10),
        firstSet(env, "BEADHUB_INTERNAL_AUTH_SECRET", "SESSION_SECRET_KEY"),
        atLeast(env, "BEADHUB_INIT_RATE_LIMIT", 10, 1),
        atLeast(env, "BEADHUB_INIT_RATE_WINDOW", 60, 1),
        firstSet(env, "AWEB_CUSTODY_KEY") != null,
        str(env, "AWEB_SERVER_URL", ""),
        dataDir(env),
        embeddedPgPort(env),
        atLeast(env, "BEADHUB_EVENT_RETENTION_HOURS", 24, 1),
        between(env, "BEADHUB_DB_POOL_SIZE", DEFAULT_DB_POOL_SIZE, 2, 500),
        str(env, "BEADHUB_DASHBOARD_HUMAN", "").trim(),
        flag(env, "BEADHUB_METRICS", false),
        flag(env, "BEADHUB_ACCESS_LOG", true),
        between(env, "BEADHUB_WAKE_COALESCE_SECONDS", 30, 1, 3600),
        between(env, "BEADHUB_ESCALATION_REMIND_SECONDS", 300, 0, 86_400),
        between(env, "BEADHUB_ESCALATION_REMIND_MAX_SECONDS", 14_400, 1, 604_800));
  }

  /** A copy with another database URL (used by the test harness and the embedded bootstrap). */
  public Config withDatabaseUrl(String url) {
    return new Config(host, port, url, redisUrl, logLevel, logJson, presenceTtlSeconds, internalAuthSecret,
        initRateLimit, initRateWindowSeconds, custodyKeySet, awebServerUrl, dataDir, embeddedPgPort,
        eventRetentionHours, dbPoolSize, dashboardHuman, metrics, accessLog, wakeCoalesceSeconds,
        escalationRemindSeconds, escalationRemindMaxSeconds);
  }

  public Config withPort(int newPort) {
    return new Config(host, newPort, databaseUrl, redisUrl, logLevel, logJson, presenceTtlSeconds,
        internalAuthSecret, initRateLimit, initRateWindowSeconds, custodyKeySet, awebServerUrl, dataDir,
        embeddedPgPort, eventRetentionHours, dbPoolSize, dashboardHuman, metrics, accessLog, wakeCoalesceSeconds,
        escalationRemindSeconds, escalationRemindMaxSeconds);
  }

  /** {@code true}/{@code false} (any case); unset or blank ⇒ {@code dflt}. */
  private static boolean flag(Map<String, String> env, String name, boolean dflt) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return dflt;
    }
    return switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new ConfigException(name + " must be true or false, got '" + raw + "'");
    };
  }

  private static String str(Map<String, String> env, String name, String dflt) {
    String v = env.get(name);
    return v == null ? dflt : v;
  }

  /** The first variable that is set to a non-blank value, else null. */
  private static String firstSet(Map<String, String> env, String... names) {
    for (String n : names) {
      String v = env.get(n);
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return null;
  }

  private static int port(Map<String, String> env) {
    String raw = env.get("BEADHUB_PORT");
    if (raw == null || raw.isBlank()) {
      return 8000;
    }
    int n;
    try {
      n = Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException("BEADHUB_PORT must be a valid integer, got '" + raw + "'");
    }
    if (n < 1 || n > 65535) {
      throw new ConfigException("BEADHUB_PORT must be between 1 and 65535, got " + n);
    }
    return n;
  }

  private static int embeddedPgPort(Map<String, String> env) {
    String raw = env.get("BEADHUB_EMBEDDED_PG_PORT");
    if (raw == null || raw.isBlank()) {
      return 0;
    }
    int n = integer("BEADHUB_EMBEDDED_PG_PORT", raw);
    if (n < 0 || n > 65535) {
      throw new ConfigException("BEADHUB_EMBEDDED_PG_PORT must be between 0 and 65535, got " + n);
    }
    return n;
  }

  private static int atLeast(Map<String, String> env, String name, int dflt, int min) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return dflt;
    }
    int n = integer(name, raw);
    if (n < min) {
      throw new ConfigException(name + " must be at least " + min);
    }
    return n;
  }

  private static int between(Map<String, String> env, String name, int dflt, int min, int max) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return dflt;
    }
    int n = integer(name, raw);
    if (n < min || n > max) {
      throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + n);
    }
    return n;
  }

  private static int integer(String name, String raw) {
    try {
      return Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a valid integer, got '" + raw + "'");
    }
  }

  private static String logLevel(Map<String, String> env) {
    String v = str(env, "BEADHUB_LOG_LEVEL", "info").trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "debug", "info", "warning", "error", "critical" -> v;
      default -> throw new ConfigException(
          "BEADHUB_LOG_LEVEL must be one of debug, info, warning, error, critical, got '" + v + "'");
    };
  }

  private static Path dataDir(Map<String, String> env) {
    String v = env.get("BEADHUB_DATA_DIR");
    if (v != null && !v.isBlank()) {
      return Path.of(v.trim()).toAbsolutePath();
    }
    String home = env.get("HOME");
    if (home == null || home.isBlank()) {
      return Path.of(".beadhub").toAbsolutePath();
    }
    return Path.of(home, ".local", "share", "beadhub");
  }
}
