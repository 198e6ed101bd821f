package io.beadhub.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from the binaries shipped in the jar (spec 30 §9.2).
 *
 * <p>We run initdb and postgres ourselves rather than through a library because PostgreSQL refuses
 * to run as root, and CI machines run as root: in that case the processes are started inside a
 * user namespace ({@code unshare --user}) where they are not uid 0 but still own root's files.
 */
public final class EmbeddedPostgres implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
  public static final String DATABASE = "beadhub";
  public static final String USER = "beadhub";

  private final Path root;
  private final Path pgdata;
  private final int port;
  private final String password;
  private final Process process;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private volatile boolean stopped;

  private EmbeddedPostgres(Path root, Path pgdata, int port, String password, Process process,
                           FileChannel lockChannel, FileLock lock) {
    this.root = root;
    this.pgdata = pgdata;
    this.port = port;
    this.password = password;
    this.process = process;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Starts (initialising on first use) the instance whose data lives under {@code root}/pgdata. */
  public static EmbeddedPostgres start(Path root, int requestedPort) {
    try {
      Files.createDirectories(root);
      FileChannel channel = FileChannel.open(root.resolve("beadhub.lock"),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new ConfigException("data directory " + root + " is in use by a running beadhub server");
      }
      Path pgdata = root.resolve("pgdata");
      Path bin = PostgresBinaries.bin();
      String password = password(root);
      if (!Files.exists(pgdata.resolve("PG_VERSION"))) {
        initdb(bin, root, pgdata, password);
      }
      recoverStaleServer(pgdata);
      int port = requestedPort > 0 ? requestedPort : freePort();
      Process p = launch(bin, pgdata, port, root.resolve("postgres.log"));
      EmbeddedPostgres pg = new EmbeddedPostgres(root, pgdata, port, password, p, channel, lock);
      pg.awaitReady();
      pg.ensureDatabase();
      log.info("embedded PostgreSQL at {} on 127.0.0.1:{}", pgdata, port);
      return pg;
    } catch (IOException e) {
      throw new ConfigException("cannot start embedded PostgreSQL in " + root + ": " + e.getMessage(), e);
    }
  }

  /** The database a one-shot command works on; {@code started} is the instance started for it, or null. */
  public record CommandTarget(String url, EmbeddedPostgres started) {
  }

  /**
   * Where a one-shot command (key, export, import) finds the database, as the server would:
   * {@code BEADHUB_DATABASE_URL}, else the embedded PostgreSQL of the data directory, the running
   * server's or, when none runs, one started for the command (the caller closes it).
   */
  public static CommandTarget forCommand(Config config) {
    String url = config.databaseUrl();
    if (url == null) {
      url = runningUrl(config.dataDir()).orElse(null);
    }
    if (url != null) {
      return new CommandTarget(url, null);
    }
    EmbeddedPostgres pg = start(config.dataDir(), config.embeddedPgPort());
    return new CommandTarget(pg.databaseUrl(), pg);
  }

  /**
   * The URL of the instance already running on {@code root} (started by a beadhub server that holds the
   * data directory), read from its {@code postmaster.pid} and password file; empty when none runs.
   */
  public static java.util.Optional<String> runningUrl(Path root) {
    Path pidFile = root.resolve("pgdata").resolve("postmaster.pid");
    try {
      if (!Files.exists(pidFile)) {
        return java.util.Optional.empty();
      }
      List<String> lines = Files.readAllLines(pidFile);
      if (lines.size() < 4 || !ProcessHandle.of(Long.parseLong(lines.get(0).trim())).map(ProcessHandle::isAlive)
          .orElse(false)) {
        return java.util.Optional.empty();
      }
      int port = Integer.parseInt(lines.get(3).trim());
      String password = Files.readString(root.resolve("pg-password"), StandardCharsets.UTF_8).trim();
      return java.util.Optional.of("postgresql://" + USER + ":" + password + "@127.0.0.1:" + port + "/" + DATABASE);
    } catch (IOException | NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  public int port() {
    return port;
  }

  public String password() {
    return password;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** A libpq-style URL for the {@code beadhub} database with credentials (what Config expects). */
  public String databaseUrl() {
    return databaseUrl(DATABASE);
  }

  public String databaseUrl(String database) {
    return "postgresql://" + USER + ":" + password + "@127.0.0.1:" + port + "/" + database;
  }

  public Connection connect(String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", USER);
    props.setProperty("password", password);
    return DriverManager.getConnection(jdbcUrl(database), props);
  }

  /** Fast shutdown (SIGINT), then a forced kill if it does not stop in time. */
  @Override
  public synchronized void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException | InterruptedException e) {
      process.destroyForcibly();
    }
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException ignored) {
      // the lock goes with the process anyway
    }
    log.info("embedded PostgreSQL at {} stopped", pgdata);
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  private static String password(Path root) throws IOException {
    Path file = root.resolve("pg-password");
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    }
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    String pw = HexFormat.of().formatHex(b);
    Files.writeString(file, pw, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return pw;
  }

  private static void initdb(Path bin, Path root, Path pgdata, String password) throws IOException {
    Path pwfile = root.resolve("pg-password");
    Path tmpData = root.resolve("pgdata.init");
    deleteTree(tmpData);
    List<String> cmd = command(bin.resolve("initdb"), "-D", tmpData.toString(), "-E", "UTF8", "--locale=C",
        "-U", USER, "--pwfile=" + pwfile, "-A", "scram-sha-256", "--no-instructions");
    run(cmd, root.resolve("initdb.log"));
    Files.move(tmpData, pgdata, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * A postmaster.pid whose process is gone is left for PostgreSQL to recover. One whose process is a
   * postgres still running on this data directory is an orphan of a beadhub that died without
   * stopping it (we hold the beadhub lock, so no live beadhub owns it): stop it first.
   */
  private static void recoverStaleServer(Path pgdata) throws IOException {
    Path pidFile = pgdata.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
    long pid;
    try {
      pid = Long.parseLong(first);
    } catch (NumberFormatException e) {
      Files.deleteIfExists(pidFile);
      return;
    }
    var handle = ProcessHandle.of(pid);
    boolean postgres = handle.isPresent() && handle.get().isAlive()
        && handle.get().info().command().map(c -> c.endsWith("postgres")).orElse(false);
    if (!postgres) {
      Files.deleteIfExists(pidFile);
      return;
    }
    log.warn("stopping orphaned PostgreSQL (pid {}) left on {}", pid, pgdata);
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
      handle.get().onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      handle.get().destroyForcibly();
    }
  }

  private static Process launch(Path bin, Path pgdata, int port, Path logFile) throws IOException {
    List<String> cmd = command(bin.resolve("postgres"), "-D", pgdata.toString(), "-p", Integer.toString(port),
        "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
        "-c", "max_connections=200", "-c", "shared_buffers=128MB", "-c", "fsync=on");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    pb.environment().put("LC_ALL", "C");
    return pb.start();
  }

  private void awaitReady() throws IOException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    SQLException last = null;
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new ConfigException("embedded PostgreSQL exited during startup:\n" + tail(root.resolve("postgres.log")));
      }
      try (Connection ignored = connect("postgres")) {
        return;
      } catch (SQLException e) {
        last = e;
      }
      sleep(50);
    }
    close();
    throw new ConfigException("embedded PostgreSQL did not accept connections within 60 s: "
        + (last == null ? "" : last.getMessage()));
  }

  private void ensureDatabase() {
    try (Connection c = connect("postgres");
         var st = c.createStatement();
         var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
      if (!rs.next()) {
        try (var create = c.createStatement()) {
          create.execute("CREATE DATABASE " + DATABASE);
        }
      }
    } catch (SQLException e) {
      throw new ConfigException("cannot create the beadhub database: " + e.getMessage(), e);
    }
  }

  /** As root, run inside a user namespace so PostgreSQL does not see uid 0 (it refuses to). */
  private static List<String> command(Path exe, String... args) {
    List<String> cmd = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      cmd.addAll(List.of("unshare", "--user", "--map-user=1000", "--map-group=1000"));
    }
    cmd.add(exe.toString());
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static void run(List<String> cmd, Path logFile) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile())).start();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new ConfigException("command failed: " + String.join(" ", cmd) + "\n" + tail(logFile));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException("interrupted while running " + cmd.get(0));
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException("interrupted while waiting for PostgreSQL");
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
