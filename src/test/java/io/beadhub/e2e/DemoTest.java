package io.beadhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.auth.KeyRecovery;
import io.beadhub.db.Database;
import io.beadhub.db.DatabaseUrl;
import io.beadhub.demo.Demo;
import io.beadhub.testing.TestServer;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code beadhub demo} seeds a running server; the state a newcomer then sees, read over HTTP. */
class DemoTest {
  static TestServer server;
  static String coordKey;
  static String aliceKey;
  static String bobKey;

  @BeforeAll
  static void seed() throws Exception {
    server = TestServer.start();
    new Demo(server.base(), "demo").run();
    // the seeded agents' keys, minted the operator's way (`beadhub key --keep-old-keys`): /v1/init
    // gives no key for an existing alias without that agent's own key
    try (Database db = new Database(DatabaseUrl.parse(server.databaseUrl()), 2)) {
      coordKey = KeyRecovery.mint(db, "demo", "coord", true).apiKey();
      aliceKey = KeyRecovery.mint(db, "demo", "alice-dev", true).apiKey();
      bobKey = KeyRecovery.mint(db, "demo", "bob-dev", true).apiKey();
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void demoSeedsThreeAgentsInTwoReposOfOneProject() {
    JsonNode agents = server.get("/v1/agents", coordKey).json().path("agents");
    List<String> aliases = new ArrayList<>();
    agents.forEach(a -> aliases.add(a.path("alias").asText()));
    assertThat(aliases).containsExactlyInAnyOrder("coord", "alice-dev", "bob-dev");
    JsonNode ws = server.get("/v1/workspaces?include_presence=true", coordKey).json().path("workspaces");
    List<String> repos = new ArrayList<>();
    ws.forEach(w -> repos.add(w.path("repo").asText()));
    assertThat(repos).contains("github.com/acme/widgets-api", "github.com/acme/widgets-web");
  }

  @Test
  void demoSyncsBeadsAndAliceClaimsOne() {
    JsonNode issues = server.get("/v1/beads/issues?limit=100", coordKey).json();
    List<String> ids = new ArrayList<>();
    issues.path("issues").forEach(i -> ids.add(i.path("bead_id").asText(i.path("id").asText())));
    assertThat(ids).contains("wa-1", "wa-2", "wa-3", "wa-4", "ww-1", "ww-2");
    JsonNode claims = server.get("/v1/claims", coordKey).json().path("claims");
    assertThat(claims).hasSize(1);
    assertThat(claims.get(0).path("bead_id").asText()).isEqualTo("wa-3");
    assertThat(claims.get(0).path("alias").asText()).isEqualTo("alice-dev");
  }

  @Test
  void demoLeavesMailAChatAndALock() {
    JsonNode aliceMail = server.get("/v1/messages/inbox?unread_only=true", aliceKey).json().path("messages");
    assertThat(aliceMail).hasSize(1);
    assertThat(aliceMail.get(0).path("from_alias").asText()).isEqualTo("coord");
    assertThat(server.get("/v1/messages/inbox?unread_only=true", bobKey).json().path("messages")).hasSize(1);

    JsonNode pending = server.get("/v1/chat/pending", aliceKey).json().path("pending");
    assertThat(pending).hasSize(1);
    assertThat(pending.get(0).path("last_from").asText()).isEqualTo("bob-dev");

    JsonNode locks = server.get("/v1/reservations", coordKey).json().path("reservations");
    assertThat(locks).hasSize(1);
    assertThat(locks.get(0).path("resource_key").asText()).isEqualTo("src/widgets/handlers.py");
    assertThat(locks.get(0).path("holder_alias").asText()).isEqualTo("alice-dev");
  }

  @Test
  void demoRunsAgainOnAnAlreadySeededServer() throws Exception {
    TestServer other = TestServer.start();
    try (other) {
      new Demo(other.base(), "again").run();
      new Demo(other.base(), "again").run();
      String k;
      try (Database db = new Database(DatabaseUrl.parse(other.databaseUrl()), 2)) {
        k = KeyRecovery.mint(db, "again", "coord", true).apiKey();
      }
      assertThat(other.get("/v1/reservations", k).json().path("reservations")).hasSize(1);
      assertThat(other.get("/v1/claims", k).json().path("claims")).hasSize(1);
    }
  }

  @Test
  void demoAgainstNoServerFailsWithAClearMessage() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    assertThatThrownBy(() -> new Demo(url, "demo").run())
        .isInstanceOf(Demo.DemoFailed.class)
        .hasMessageStartingWith("cannot reach " + url);
  }
}
