package io.beadhub.workspaces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An agent deregistering itself while its workspace (or its repo) is deleted: both end the agent and
 * the workspace in one transaction, and once took their row locks in opposite orders, so PostgreSQL
 * broke the deadlock by failing one of them with a 500 (found by the fuzz check of issue 18).
 */
class ConcurrentEndingTest {
  static final String ORIGIN = "git@github.com:example/ending.git";
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
  void deregisteringWhileTheWorkspaceOrRepoIsDeletedNeverFails() throws Exception {
    List<String> failures = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
      for (int round = 0; round < 40; round++) {
        JsonNode a = server.init(Map.of("project_slug", "ending-" + round, "alias", "alice-dev",
            "repo_origin", ORIGIN));
        String key = a.path("api_key").asText();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Resp>> answers = List.of(
            pool.submit(() -> {
              go.await();
              return server.delete("/v1/agents/me", key);
            }),
            pool.submit(() -> {
              go.await();
              return server.delete("/v1/workspaces/" + a.path("workspace_id").asText(), key);
            }),
            pool.submit(() -> {
              go.await();
              return server.delete("/v1/repos/" + a.path("repo_id").asText(), key);
            }));
        go.countDown();
        for (Future<Resp> f : answers) {
          Resp r = f.get();
          if (r.status() >= 500) {
            failures.add("round " + round + ": " + r);
          }
        }
      }
    }
    assertThat(failures).isEmpty();
  }
}
