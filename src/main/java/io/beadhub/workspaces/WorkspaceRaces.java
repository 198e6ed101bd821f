package io.beadhub.workspaces;

import io.beadhub.common.ApiError;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;

/**
 * Maps database races to the documented 4xx (spec 30 §10.2): a trigger exception becomes 409 with
 * the trigger's message, a unique violation the route's own conflict.
 */
public final class WorkspaceRaces {
  private WorkspaceRaces() {
  }

  public static <T> T guarded(Supplier<T> work, Supplier<ApiError> onUnique) {
    try {
      return work.get();
    } catch (JdbiException e) {
      SQLException sql = sqlCause(e);
      if (sql != null && "23505".equals(sql.getSQLState())) {
        throw onUnique.get();
      }
      if (sql != null && "P0001".equals(sql.getSQLState())) {
        throw ApiError.conflict(triggerMessage(sql));
      }
      throw e;
    }
  }

  private static SQLException sqlCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException s) {
        return s;
      }
    }
    return null;
  }

  private static String triggerMessage(SQLException e) {
    if (e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null) {
      return p.getServerErrorMessage().getMessage();
    }
    return e.getMessage();
  }
}
