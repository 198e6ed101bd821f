package io.beadhub.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Tells a failure that means "PostgreSQL cannot be reached right now" (worth retrying in a moment)
 * from one that means a bug or a bad statement. Clients get 503 with {@code Retry-After} for the
 * first kind, wherever it surfaces: route, authentication, stream start.
 */
public final class DatabaseUnavailable {
  public static final String DETAIL = "Database unavailable; retry";
  /** Seconds a client should wait before retrying. */
  public static final int RETRY_AFTER_SECONDS = 2;

  /**
   * SQLSTATEs of a lost or refused server rather than a failed statement: admin/crash shutdown
   * (57P01–57P03: terminated by the administrator, crash shutdown, cannot connect now — starting up
   * or shutting down) and too many connections (53300). Class 08 (connection exception) is matched
   * by prefix.
   */
  private static final Set<String> STATES = Set.of("57P01", "57P02", "57P03", "53300");

  private DatabaseUnavailable() {
  }

  /** Whether {@code t} or one of its causes says the database is unavailable. */
  public static boolean is(Throwable t) {
    int depth = 0;
    for (Throwable c = t; c != null && depth < 16; c = c.getCause(), depth++) {
      // Hikari's "connection is not available, request timed out": no connection within the acquire timeout.
      if (c instanceof SQLTransientConnectionException) {
        return true;
      }
      if (c instanceof SQLException s && unavailableState(s.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** The innermost cause, as one line for a log or a health answer (no stack trace per outage request). */
  public static String rootCause(Throwable t) {
    Throwable root = t;
    int depth = 0;
    while (root.getCause() != null && root.getCause() != root && depth++ < 16) {
      root = root.getCause();
    }
    return root.toString();
  }

  static boolean unavailableState(String state) {
    return state != null && (state.startsWith("08") || STATES.contains(state));
  }
}
