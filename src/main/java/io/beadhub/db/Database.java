package io.beadhub.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Arguments;
import org.jdbi.v3.core.argument.NullArgument;
import java.sql.Types;

/** The connection pool, Jdbi, and the schema migrations of the three layers. */
public final class Database implements AutoCloseable {
  /** Migration order matters only where a later schema refers to an earlier one. */
  public static final List<String> SCHEMAS = List.of("aweb", "server", "beads");
  /** How long a caller waits for a pooled connection before the request answers 503. */
  public static final long ACQUIRE_TIMEOUT_MILLIS = 1_500;

  private final HikariDataSource pool;
  private final Jdbi jdbi;

  public Database(DatabaseUrl url, int maxPoolSize) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url.jdbcUrl());
    if (url.user() != null) {
      hc.setUsername(url.user());
    }
    if (url.password() != null) {
      hc.setPassword(url.password());
    }
    hc.setMaximumPoolSize(maxPoolSize);
    hc.setMinimumIdle(Math.min(4, maxPoolSize));
    hc.setPoolName("beadhub");
    // While PostgreSQL is down a request must fail fast with a retryable 503 (answered within 2 s)
    // instead of waiting for a connection that will not come. The acquire timeout bounds the wait
    // for a pooled connection, the validation timeout the check of an idle one, and the connect
    // timeout each new connection attempt of the pool's background filler.
    hc.setConnectionTimeout(ACQUIRE_TIMEOUT_MILLIS);
    hc.setValidationTimeout(1_000);
    hc.addDataSourceProperty("connectTimeout", "5");
    // Every connection is READ COMMITTED from the start, so a transaction need not ask the server for
    // its isolation level (pgjdbc answers getTransactionIsolation with a round trip) and set it back.
    hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    hc.addDataSourceProperty("reWriteBatchedInserts", "true");
    hc.addDataSourceProperty("ApplicationName", "beadhub");
    this.pool = new HikariDataSource(hc);
    this.jdbi = Jdbi.create(pool);
    // A null bound without a known type (e.g. a null UUID) must let PostgreSQL infer the column type.
    jdbi.getConfig(Arguments.class).setUntypedNullArgument(new NullArgument(Types.OTHER));
    jdbi.registerArgument(new UuidArgumentFactory());
    jdbi.registerArrayType(java.util.UUID.class, "uuid");
  }

  /** Applies every schema's migrations; Flyway's advisory lock serialises replicas starting together. */
  public static void migrate(DataSource ds) {
    for (String schema : SCHEMAS) {
      Flyway.configure()
          .dataSource(ds)
          .schemas(schema)
          .defaultSchema(schema)
          .createSchemas(true)
          .outOfOrder(true)
          .table("flyway_schema_history")
          .locations("classpath:db/migration/" + schema)
          .load()
          .migrate();
    }
  }

  public void migrate() {
    migrate(pool);
  }

  /**
   * Whether the server's autovacuum runs. Without it the planner keeps the statistics of the tables when
   * they were small (or none) and the churned queues keep their dead rows, so keyed look-ups turn into
   * scans as the tables grow.
   */
  public boolean autovacuumOn() {
    return read(h -> h.createQuery("SELECT current_setting('autovacuum')::boolean AND current_setting('track_counts')::boolean")
        .mapTo(Boolean.class).one());
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public DataSource dataSource() {
    return pool;
  }

  /** Runs {@code work} in one READ COMMITTED transaction; any exception rolls everything back. */
  public <R, X extends Exception> R tx(HandleCallback<R, X> work) throws X {
    return jdbi.inTransaction(work);
  }

  /** Runs {@code work} on a handle without an explicit transaction (single statements, reads). */
  public <R, X extends Exception> R read(HandleCallback<R, X> work) throws X {
    return jdbi.withHandle(work);
  }

  /** Work on a plain JDBC connection. */
  @FunctionalInterface
  public interface JdbcWork<R> {
    R apply(java.sql.Connection c) throws java.sql.SQLException;
  }

  /**
   * Runs {@code work} on a pooled connection in auto-commit, without Jdbi: for the few hottest reads,
   * where Jdbi's per-statement set-up (config copies, argument resolution) is a measurable share.
   */
  public <R> R jdbc(JdbcWork<R> work) {
    try (java.sql.Connection c = pool.getConnection()) {
      return work.apply(c);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("database error: " + e.getMessage(), e);
    }
  }

  public Handle open() {
    return jdbi.open();
  }

  @Override
  public void close() {
    pool.close();
  }
}
