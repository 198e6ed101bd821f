package io.beadhub.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.Json;
import io.beadhub.testing.Agent;
import io.beadhub.testing.Agents;
import io.beadhub.testing.Beads;
import io.beadhub.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec 60 §8 checks 42–43: bead.hooked, bead.unhooked and bead.mail_received. */
class DataPlaneEventsTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** bead ids of the events of a type recorded for a workspace's stream. */
  static List<String> events(Agent ws, String type) {
    server.eventsNumbered();
    return server.sql().withHandle(h -> h.createQuery("""
        SELECT payload->>'bead_id' FROM server.events WHERE workspace_id = CAST(:w AS uuid) AND type = :t
         ORDER BY event_id""").bind("w", ws.workspaceId()).bind("t", type)
        .mapTo(String.class).list());
  }

  static JsonNode payload(Agent ws, String type, String bead) {
    server.eventsNumbered();
    return io.beadhub.common.Json.tree(server.sql().withHandle(h -> h.createQuery("""
        SELECT payload::text FROM server.events WHERE workspace_id = CAST(:w AS uuid) AND type = :t
           AND payload->>'bead_id' = :b ORDER BY event_id DESC LIMIT 1""")
        .bind("w", ws.workspaceId()).bind("t", type).bind("b", bead).mapTo(String.class).one()));
  }

  @Test
  void loadingTheRigHooksTheTaskAndMovingItToInProgressUnhooksIt() {
    Agent alice = Agents.in(server, "ev-a").alias("alice-dev").human("alice-dev").repo(Beads.RIG_ORIGIN).init();
    assertThat(Beads.full(server, alice, Beads.text("composed-rig.jsonl"), null).status())
        .isEqualTo(200);
    assertThat(events(alice, "bead.hooked")).containsExactly("gt-q8v3");
    JsonNode hooked = payload(alice, "bead.hooked", "gt-q8v3");
    assertThat(hooked.get("assignee").asText()).isEqualTo("gastown/polecats/nux");
    assertThat(hooked.get("alias").asText()).isEqualTo("alice-dev");
    StringBuilder rig = new StringBuilder();
    for (JsonNode n : Beads.records("composed-rig.jsonl")) {
      if (n.get("id").asText().equals("gt-q8v3")) {
        ((ObjectNode) n).put("status", "in_progress").put("updated_at", "2026-03-01T10:00:00Z");
      }
      rig.append(n).append('\n');
    }
    assertThat(Beads.full(server, alice, rig.toString(), null).status()).isEqualTo(200);
    assertThat(events(alice, "bead.unhooked")).containsExactly("gt-q8v3");
    assertThat(payload(alice, "bead.unhooked", "gt-q8v3").get("new_status").asText()).isEqualTo("in_progress");
    assertThat(events(alice, "bead.hooked")).containsExactly("gt-q8v3");
  }

  @Test
  void loadingTheTownAnnouncesEachLiveMailOnceAndReachesTheRecipientsWorkspace() {
    Agent alice = Agents.in(server, "ev-b").alias("alice-dev").human("alice-dev").repo(Beads.RIG_ORIGIN).init();
    Agent max = Agents.in(server, "ev-b").alias("max").human("max").repo(Beads.RIG_ORIGIN).init();
    Beads.upload(server, alice.key(), Beads.TOWN, Beads.text("composed-town.jsonl"));
    assertThat(events(alice, "bead.mail_received"))
        .containsExactlyInAnyOrder("hq-7c1e", "hq-7c1f", "hq-8d20", "hq-9a01", "hq-9a02");
    assertThat(events(max, "bead.mail_received")).contains("hq-7c1e").doesNotContain("hq-8d21");
    JsonNode m = payload(alice, "bead.mail_received", "hq-7c1e");
    assertThat(m.get("from").asText()).isEqualTo("mayor/");
    assertThat(m.get("to").asText()).isEqualTo("gastown/max");
    assertThat(m.get("repo").asText()).isEqualTo(Beads.TOWN);
    // the same load again announces nothing new
    Beads.upload(server, alice.key(), Beads.TOWN, Beads.text("composed-town.jsonl"));
    assertThat(events(alice, "bead.mail_received")).hasSize(5);
  }
}
