package io.beadhub.testing;

import io.beadhub.config.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An embedded PostgreSQL of its own, for tests that stop the database under a running server (never
 * the suite's shared {@link TestPostgres}). It restarts on the same data directory and port, as an
 * operator's restart would, so the server's pool reconnects to the same URL.
 */
public final class StoppablePostgres implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final String url;
  private EmbeddedPostgres pg;

  private StoppablePostgres(Path dir, EmbeddedPostgres pg) {
    this.dir = dir;
    this.pg = pg;
    this.port = pg.port();
    this.url = pg.databaseUrl();
  }

  public static StoppablePostgres start(String name) {
    try {
      Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), name + "-pg-");
      return new StoppablePostgres(dir, EmbeddedPostgres.start(dir, 0));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The libpq URL a server is configured with; the same before and after a restart. */
  public String url() {
    return url;
  }

  /** Fast shutdown: open sessions are terminated (57P01), new connections refused. */
  public synchronized void stop() {
    if (pg != null) {
      pg.close();
      pg = null;
    }
  }

  /** Starts it again on the same data directory and port. */
  public synchronized void restart() {
    if (pg == null) {
      pg = EmbeddedPostgres.start(dir, port);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
