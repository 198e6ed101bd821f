package io.beadhub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code beadhub key}: how an operator gets a new key for an agent whose key was lost. */
class KeyCommandTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record Run(int exit, String out, String err) {
  }

  static Run key(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Main.KeyCommand(Map.of("BEADHUB_DATABASE_URL", server.databaseUrl(),
        "BEADHUB_LOG_JSON", "false", "BEADHUB_LOG_LEVEL", "warning")));
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString().trim(), err.toString());
  }

  @Test
  void mintsAWorkingKeyForTheAgentAndRevokesItsOldOnes() {
    JsonNode alice = server.init(Map.of("project_slug", "lost-key", "alias", "alice"));
    String lost = alice.path("api_key").asText();

    Run r = key("--project", "lost-key", "--alias", "alice");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).matches("^aw_sk_[0-9a-f]{64}$");
    assertThat(r.err()).contains("lost-key/alice").contains("1 older key(s) revoked");
    assertThat(server.get("/v1/agents/me", r.out()).get("agent_id").asText()).isEqualTo(alice.path("agent_id").asText());
    assertThat(server.get("/v1/agents/me", lost).status()).isEqualTo(401);
    assertThat(server.get("/v1/agents/me/log", r.out()).text()).contains("key_recovered");
  }

  @Test
  void keepOldKeysLeavesTheOtherKeysActive() {
    String old = server.init(Map.of("project_slug", "two-keys", "alias", "bob")).path("api_key").asText();

    Run r = key("--project", "two-keys", "--alias", "bob", "--keep-old-keys");

    assertThat(r.exit()).isZero();
    assertThat(server.get("/v1/agents/me", old).status()).isEqualTo(200);
    assertThat(server.get("/v1/agents/me", r.out()).status()).isEqualTo(200);
  }

  @Test
  void anUnknownProjectOrAliasMintsNothingAndSaysWhy() {
    server.init(Map.of("project_slug", "known", "alias", "carol"));
    long before = server.sql().withHandle(h -> h.createQuery("SELECT count(*) FROM aweb.api_keys").mapTo(Long.class).one());

    Run noProject = key("--project", "unknown", "--alias", "carol");
    Run noAlias = key("--project", "known", "--alias", "dave");

    assertThat(noProject.exit()).isEqualTo(1);
    assertThat(noProject.out()).isEmpty();
    assertThat(noProject.err()).contains("no live project with slug 'unknown'");
    assertThat(noAlias.exit()).isEqualTo(1);
    assertThat(noAlias.err()).contains("no live agent 'dave' in project 'known'");
    long after = server.sql().withHandle(h -> h.createQuery("SELECT count(*) FROM aweb.api_keys").mapTo(Long.class).one());
    assertThat(after).isEqualTo(before);
  }
}
