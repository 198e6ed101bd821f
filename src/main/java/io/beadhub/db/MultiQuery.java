package io.beadhub.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * The results of a query text holding several statements separated by {@code ;}: the driver sends
 * them all before one Sync, so they cost one round trip; later statements see the effects of earlier
 * ones. Result {@code i} holds the rows of statement {@code i} mapped by {@code mappers[i]} (a
 * statement without rows, or with a null mapper, yields an empty list).
 */
public final class MultiQuery {
  private MultiQuery() {
  }

  public static List<List<?>> rows(Query q, RowMapper<?>... mappers) {
    return q.execute((statement, ctx) -> {
      PreparedStatement ps = statement.get();
      List<List<?>> out = new ArrayList<>(mappers.length);
      for (int i = 0; i < mappers.length; i++) {
        if (i > 0 && !ps.getMoreResults() && ps.getUpdateCount() == -1) {
          throw new IllegalStateException("query text has " + i + " statements, " + mappers.length + " mapped");
        }
        out.add(map(ps.getResultSet(), mappers[i], ctx));
      }
      return out;
    });
  }

  private static List<?> map(ResultSet rs, RowMapper<?> mapper, org.jdbi.v3.core.statement.StatementContext ctx)
      throws SQLException {
    if (rs == null || mapper == null) {
      return List.of();
    }
    List<Object> rows = new ArrayList<>();
    while (rs.next()) {
      rows.add(mapper.map(rs, ctx));
    }
    return rows;
  }

  /** Result {@code i} of {@link #rows} as a typed list. */
  @SuppressWarnings("unchecked")
  public static <T> List<T> at(List<List<?>> results, int i) {
    return (List<T>) results.get(i);
  }
}
