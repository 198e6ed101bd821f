package io.beadhub.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import io.beadhub.testing.Agent;
import io.beadhub.testing.Agents;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chat stream's replay with {@code after} (spec 20 §3.9): every later message, read a page at a time
 * as the client takes them, never the whole history at once.
 */
class ChatReplayTest {
  static final int MESSAGES = 400;
  static final int BODY_BYTES = 50_000;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void replayWithAfterReadsTheHistoryPageByPageAsTheClientTakesIt() throws IOException {
    Agent alice = Agents.in(server, "chat-replay").alias("alice-dev").init();
    Agent bob = Agents.in(server, "chat-replay").alias("bob-rev").init();
    Resp opened = server.post("/v1/chat/sessions", Map.of("to_aliases", List.of("bob-rev"), "message", "opening"),
        alice.key());
    String session = opened.get("session_id").asText();
    // 20 MB of history, far more than the socket buffers between the server and a client that stops reading.
    server.sql().useHandle(h -> h.createUpdate("""
        INSERT INTO aweb.chat_messages (session_id, from_agent_id, from_alias, body)
        SELECT CAST(:s AS uuid), CAST(:a AS uuid), 'alice-dev', 'original-' || i || '-' || repeat('x', :n)
          FROM generate_series(1, :m) i ORDER BY i""")
        .bind("s", session).bind("a", alice.agentId()).bind("n", BODY_BYTES).bind("m", MESSAGES).execute());
    String path = "/v1/chat/sessions/" + session + "/stream?deadline="
        + Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS) + "&after="
        + Instant.now().minusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);
    try (SlowClient client = SlowClient.open(server.port(), path, bob.key())) {
      assertThat(client.nextMessage().path("body").asText()).isEqualTo("opening");
      // The client has taken one message. A server reading ahead without bound would hold every body by now.
      server.sql().useHandle(h -> h.createUpdate("""
          UPDATE aweb.chat_messages SET body = 'changed-' || split_part(body, '-', 2) WHERE session_id = CAST(:s AS uuid)
             AND body LIKE 'original-%'""").bind("s", session).execute());
      List<String> rest = new ArrayList<>();
      for (int i = 0; i < MESSAGES; i++) {
        rest.add(client.nextMessage().path("body").asText());
      }
      for (int i = 0; i < MESSAGES; i++) {
        assertThat(rest.get(i).split("-")[1]).as("message %d in order", i).isEqualTo(Integer.toString(i + 1));
      }
      assertThat(rest.get(0)).startsWith("original-");
      // The last pages were read after the update: the server kept pace with the client.
      assertThat(rest.get(MESSAGES - 1)).isEqualTo("changed-" + MESSAGES);
    }
  }

  /**
   * An SSE client on a raw socket with a small receive buffer, so that the server's writes stall as soon
   * as the client stops reading (an HTTP client library would read ahead into its own buffers).
   */
  static final class SlowClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final boolean chunked;
    private int chunkLeft;

    private SlowClient(Socket socket, InputStream in, boolean chunked) {
      this.socket = socket;
      this.in = in;
      this.chunked = chunked;
    }

    static SlowClient open(int port, String path, String key) throws IOException {
      Socket s = new Socket();
      s.setReceiveBufferSize(8192);
      s.setSoTimeout(30_000);
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
          + "Authorization: Bearer " + key + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      InputStream in = new BufferedInputStream(s.getInputStream(), 1024);
      String status = rawLine(in);
      if (!status.contains(" 200 ")) {
        throw new IllegalStateException("stream answered " + status);
      }
      boolean chunked = false;
      for (String h = rawLine(in); !h.isEmpty(); h = rawLine(in)) {
        chunked |= h.toLowerCase(java.util.Locale.ROOT).matches("transfer-encoding:\\s*chunked");
      }
      return new SlowClient(s, in, chunked);
    }

    /** The data of the next {@code message} event. */
    JsonNode nextMessage() throws IOException {
      boolean message = false;
      while (true) {
        String line = bodyLine();
        if (line.equals("event: message")) {
          message = true;
        } else if (message && line.startsWith("data: ")) {
          return Json.tree(line.substring(6));
        }
      }
    }

    private String bodyLine() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      for (int c = bodyByte(); c != '\n'; c = bodyByte()) {
        b.write(c);
      }
      return b.toString(StandardCharsets.UTF_8);
    }

    private int bodyByte() throws IOException {
      if (chunked && chunkLeft == 0) {
        String size = rawLine(in);
        if (size.isEmpty()) {
          size = rawLine(in); // the CRLF that ends the previous chunk
        }
        chunkLeft = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (chunkLeft == 0) {
          throw new IOException("stream ended");
        }
      }
      int c = in.read();
      if (c < 0) {
        throw new IOException("stream ended");
      }
      chunkLeft--;
      return c;
    }

    private static String rawLine(InputStream in) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new IOException("connection closed");
        }
        if (c != '\r') {
          b.write(c);
        }
      }
      return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
