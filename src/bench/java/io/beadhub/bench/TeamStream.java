package io.beadhub.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * Server-Sent Events over a plain socket (one virtual thread each, so thousands stay cheap): a status stream
 * held open for the run, reconnecting with {@code Last-Event-ID} when dropped, and the one-shot chat wait.
 */
final class TeamStream implements AutoCloseable {
  private final String url;
  private final String path;
  private final String key;
  private final TeamRun run;
  private volatile boolean closed;
  private volatile Socket socket;
  private String lastEventId;

  TeamStream(String url, String path, String key, TeamRun run) {
    this.url = url;
    this.path = path;
    this.key = key;
    this.run = run;
    Thread.ofVirtual().start(this::hold);
  }

  private void hold() {
    while (!closed) {
      try (Socket s = open(url, path, key, lastEventId)) {
        socket = s;
        BufferedReader in = reader(s);
        String status = in.readLine();
        if (status == null || !status.contains(" 200")) {
          throw new IOException("status stream answered " + status);
        }
        for (String line; (line = in.readLine()) != null; ) {
          if (line.startsWith("id: ")) {
            lastEventId = line.substring(4);
          } else if (line.startsWith("data: ")) {
            run.window().frames.incrementAndGet();
          }
        }
      } catch (IOException e) {
        // dropped or refused: counted below, then reopened
      }
      if (!closed) {
        run.window().streamDrops.incrementAndGet();
        sleepQuietly(1_000);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    Socket s = socket;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  /**
   * Reads a chat stream until a {@code message} event whose data matches, or the deadline. Returns true
   * when it came.
   */
  static boolean awaitMessage(String url, String path, String key, Predicate<String> data, long deadlineMillis)
      throws IOException {
    try (Socket s = open(url, path, key, null)) {
      s.setSoTimeout((int) Math.max(1, deadlineMillis - System.currentTimeMillis()));
      BufferedReader in = reader(s);
      String status = in.readLine();
      if (status == null || !status.contains(" 200")) {
        throw new IOException("chat stream answered " + status);
      }
      String event = null;
      for (String line; (line = in.readLine()) != null; ) {
        if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ") && "message".equals(event) && data.test(line.substring(6))) {
          return true;
        } else if (line.isEmpty()) {
          event = null;
        }
        if (System.currentTimeMillis() > deadlineMillis) {
          return false;
        }
      }
      return false;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    }
  }

  private static Socket open(String url, String path, String key, String lastEventId) throws IOException {
    URI u = URI.create(url);
    Socket s = new Socket(u.getHost(), u.getPort());
    OutputStream out = s.getOutputStream();
    out.write(("GET " + path + " HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort() + "\r\nAuthorization: Bearer "
        + key + "\r\nAccept: text/event-stream\r\n" + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n")
        + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return s;
  }

  private static BufferedReader reader(Socket s) throws IOException {
    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8), 8192);
  }

  static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
