package io.beadhub.escalations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beadhub.common.Caller;
import io.beadhub.db.Database;
import io.beadhub.db.DatabaseUrl;
import io.beadhub.events.EventBus;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The mail seam: called in the respond transaction with what the mail needs; its failure undoes the answer. */
class ResponseNotifierTest {
  @Test
  void notifierGetsTheAnswerForTheEscalatingAgentAndItsFailureRollsBack() {
    try (TestServer server = TestServer.start();
         Database db = new Database(DatabaseUrl.parse(server.databaseUrl()), 2)) {
      TwoProjects t = TwoProjects.policies(server);
      String id = server.post("/v1/escalations",
          Map.of("workspace_id", t.wa(), "alias", "alice-dev", "subject", "Drop it?", "situation", "X"), t.ka())
          .get("escalation_id").asText();
      Caller bob = new Caller(UUID.fromString(t.pId()), UUID.fromString(t.wb()), null, null, Caller.Mode.BEARER, false);

      List<ResponseNotifier.Responded> seen = new CopyOnWriteArrayList<>();
      EscalationService ok = new EscalationService(db, new EventBus(() -> { }), (h, r) -> {
        seen.add(r);
        return List.of();
      }, Clock.systemUTC());
      ok.respond(bob, UUID.fromString(id), "drop", "announce it");
      assertThat(seen).hasSize(1);
      ResponseNotifier.Responded r = seen.get(0);
      assertThat(r.recipientAgentId().toString()).isEqualTo(t.wa());
      assertThat(r.recipientAlias()).isEqualTo("alice-dev");
      assertThat(r.responderAgentId().toString()).isEqualTo(t.wb());
      assertThat(r.subject()).isEqualTo("Drop it?");
      assertThat(r.response()).isEqualTo("drop");
      assertThat(r.note()).isEqualTo("announce it");
      assertThat(r.projectSlug()).isEqualTo(t.pSlug());

      EscalationService failing = new EscalationService(db, new EventBus(() -> { }), (h, x) -> {
        throw new IllegalStateException("mail down");
      }, Clock.systemUTC());
      assertThatThrownBy(() -> failing.respond(bob, UUID.fromString(id), "keep", null))
          .hasMessageContaining("mail down");
      assertThat(server.get("/v1/escalations/" + id, t.ka()).get("response").asText()).isEqualTo("drop");
    }
  }
}
