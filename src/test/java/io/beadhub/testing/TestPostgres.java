package io.beadhub.testing;

import io.beadhub.config.EmbeddedPostgres;
import io.beadhub.db.Database;
import io.beadhub.db.DatabaseUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One PostgreSQL per test run (embedded by default; {@code BEADHUB_TEST_DATABASE_URL} points at an
 * existing server instead), a template database migrated once, and a fresh clone per test class.
 */
public final class TestPostgres {
  private static final String TEMPLATE = "bh_template";
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static TestPostgres instance;

  private final EmbeddedPostgres embedded;
  private final String adminUrl; // libpq URL of the maintenance database
  private final String prefix = "bh_t" + ProcessHandle.current().pid() + "_";

  private TestPostgres(EmbeddedPostgres embedded, String adminUrl) {
    this.embedded = embedded;
    this.adminUrl = adminUrl;
  }

  public static synchronized TestPostgres get() {
    if (instance == null) {
      instance = boot();
      Runtime.getRuntime().addShutdownHook(new Thread(instance::shutdown));
    }
    return instance;
  }

  private static TestPostgres boot() {
    String external = System.getenv("BEADHUB_TEST_DATABASE_URL");
    TestPostgres pg;
    if (external != null && !external.isBlank()) {
      pg = new TestPostgres(null, external.trim());
    } else {
      try {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "test-pg-");
        EmbeddedPostgres e = EmbeddedPostgres.start(dir, 0);
        pg = new TestPostgres(e, e.databaseUrl("postgres"));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
    pg.createTemplate();
    return pg;
  }

  private void createTemplate() {
    String template = prefix + TEMPLATE;
    exec("DROP DATABASE IF EXISTS " + template);
    exec("CREATE DATABASE " + template);
    try (Database db = new Database(DatabaseUrl.parse(urlOf(template)), 2)) {
      db.migrate();
    }
  }

  /** A new, migrated, empty database; returns its libpq URL. */
  public String newDatabase() {
    String name = prefix + COUNTER.incrementAndGet();
    exec("CREATE DATABASE " + name + " TEMPLATE " + prefix + TEMPLATE);
    return urlOf(name);
  }

  /** The same server's URL for another database name. */
  public String urlOf(String database) {
    int slash = adminUrl.lastIndexOf('/');
    int q = adminUrl.indexOf('?', slash);
    return adminUrl.substring(0, slash + 1) + database + (q < 0 ? "" : adminUrl.substring(q));
  }

  private void exec(String sql) {
    DatabaseUrl u = DatabaseUrl.parse(adminUrl);
    try (Connection c = DriverManager.getConnection(u.jdbcUrl(), u.user(), u.password());
         Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  private void shutdown() {
    if (embedded != null) {
      embedded.close();
    } else {
      // leave an external server clean: drop this run's databases
      for (int i = 1; i <= COUNTER.get(); i++) {
        try {
          exec("DROP DATABASE IF EXISTS " + prefix + i + " WITH (FORCE)");
        } catch (RuntimeException ignored) {
          // best effort
        }
      }
      exec("DROP DATABASE IF EXISTS " + prefix + TEMPLATE);
    }
  }
}
