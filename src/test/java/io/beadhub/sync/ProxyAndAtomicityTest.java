package io.beadhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.common.Json;
import io.beadhub.testing.Agent;
import io.beadhub.testing.Agents;
import io.beadhub.testing.Beads;
import io.beadhub.testing.ProxyAuth;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec 40 §11 check 38 and 63's proxy case (signed proxy auth), and check 65 (one transaction). */
class ProxyAndAtomicityTest {
  static final String SECRET = "s3cret";
  static TestServer server;
  static TwoProjects s;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("BEADHUB_INTERNAL_AUTH_SECRET", SECRET));
    s = TwoProjects.sync(server, "proxy");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Map<String, String> proxy(String project, String actor) {
    return ProxyAuth.json(ProxyAuth.user(SECRET, project, UUID.randomUUID().toString(), actor));
  }

  static Resp proxySync(String workspaceId) throws Exception {
    Map<String, Object> b = Beads.syncBody(s.a(), "full", Beads.S1, null);
    b.put("workspace_id", workspaceId);
    return server.send("POST", "/v1/bdh/sync", io.beadhub.common.Json.string(b), proxy(s.a().projectId(),
        s.a().workspaceId()));
  }

  @Test
  void proxyModeWorkspaceChecks() throws Exception {
    Resp unknown = proxySync(UUID.randomUUID().toString());
    assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
    assertThat(unknown.detail()).isEqualTo("Workspace not found");
    Resp other = proxySync(s.c().workspaceId());
    assertThat(other.status()).isEqualTo(404);
    assertThat(proxySync(s.a().workspaceId()).status()).isEqualTo(200);
    Agent gone = Agents.in(server, "proxy").alias("gone-dev").human("Gone").repo(Beads.SMOKE_ORIGIN).init();
    server.sql().useHandle(h -> h.execute("UPDATE server.workspaces SET deleted_at = now() WHERE workspace_id = CAST(? AS uuid)",
        gone.workspaceId()));
    Resp deleted = proxySync(gone.workspaceId());
    assertThat(deleted.status()).isEqualTo(410);
    assertThat(deleted.detail()).isEqualTo("Workspace was deleted");
    Map<String, Object> sub = Map.of("workspace_id", s.c().workspaceId(), "bead_id", "sm-1");
    Resp forbidden = server.send("POST", "/v1/subscriptions", io.beadhub.common.Json.string(sub),
        proxy(s.a().projectId(), s.a().workspaceId()));
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.detail()).isEqualTo("Workspace not found or does not belong to your project");
  }

  static int count(String sql) {
    return server.sql().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
  }

  @Test
  void aSyncFailingDuringTheWriteLeavesThePreviousStateIntact() {
    TwoProjects p = TwoProjects.sync(server, "atomic");
    assertThat(Beads.full(server, p.a(), Beads.S1).status()).isEqualTo(200);
    String counts = "SELECT (SELECT count(*) FROM beads.issues) + (SELECT count(*) FROM server.bead_claims)"
        + " + (SELECT count(*) FROM server.notification_outbox) + (SELECT count(*) FROM server.audit_log)"
        + " + (SELECT count(*) FROM server.events) + (SELECT count(*) FROM server.event_queue)";
    int before = count(counts);
    // The audit row is the last write of a sync: failing there proves everything before it rolls back.
    server.sql().useHandle(h -> h.execute("""
        CREATE FUNCTION public.fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'injected failure'; END; $$;
        CREATE TRIGGER fail_audit BEFORE INSERT ON server.audit_log FOR EACH ROW EXECUTE FUNCTION public.fail_audit();
        """));
    Resp failed = Beads.full(server, p.a(), Beads.S4, "update sm-2 --status in_progress");
    assertThat(failed.status()).isGreaterThanOrEqualTo(500);
    assertThat(count(counts)).isEqualTo(before);
    assertThat(server.get("/v1/beads/issues", p.a().key()).get("count").asInt()).isEqualTo(1);
    server.sql().useHandle(h -> h.execute("DROP TRIGGER fail_audit ON server.audit_log"));
    Resp ok = Beads.full(server, p.a(), Beads.S4, "update sm-2 --status in_progress");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.get("issues_count").asInt()).isEqualTo(4);
  }
}
