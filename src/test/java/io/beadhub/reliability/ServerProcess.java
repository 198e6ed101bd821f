package io.beadhub.reliability;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server as its own OS process ({@code io.beadhub.Main serve} on this JVM and the test classpath),
 * so that a test can kill it with SIGKILL. Its output goes to a log file under {@code target/}.
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("beadhub listening on (http://\\S+)");

  private final Process process;
  private final String base;

  private ServerProcess(Process process, String base) {
    this.process = process;
    this.base = base;
  }

  /** Starts a server on {@code databaseUrl} and waits for its "listening" line. */
  static ServerProcess start(String databaseUrl, Path log) {
    String java = ProcessHandle.current().info().command().orElseThrow();
    ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        "io.beadhub.Main", "serve"));
    Map<String, String> env = pb.environment();
    env.put("BEADHUB_DATABASE_URL", databaseUrl);
    env.put("BEADHUB_HOST", "127.0.0.1");
    env.put("BEADHUB_PORT", Integer.toString(freePort()));
    env.put("BEADHUB_LOG_JSON", "false");
    env.put("BEADHUB_INIT_RATE_LIMIT", "1000");
    env.remove("BEADHUB_REDIS_URL");
    env.remove("REDIS_URL");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    try {
      Process p = pb.start();
      String[] base = new String[1];
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
        if (!p.isAlive()) {
          throw new IllegalStateException("the server exited with " + p.exitValue() + "; see " + log);
        }
        Matcher m = READY.matcher(Files.readString(log));
        if (m.find()) {
          base[0] = m.group(1);
        }
        return base[0] != null;
      });
      return new ServerProcess(p, base[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String base() {
    return base;
  }

  /** SIGKILL (on Linux {@link Process#destroyForcibly} sends it), and waits for the process to be gone. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
