package io.beadhub.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * A project whose workspaces all work on one repo, and the bdh requests that claim beads in it, sent
 * together: every request of a round waits at one gate and is released at once.
 */
final class ClaimRace {
  static final String ORIGIN = "git@github.com:example/claim-race.git";

  record Agent(String key, String ws, String alias, String human) {
  }

  /** One request's answer: who sent it and how (pre-flight or sync). */
  record Answer(Agent agent, boolean sync, Resp resp) {
    /** True when this request won the claim: an approved pre-flight or a sync whose claim was kept. */
    boolean won() {
      return sync ? !resp.get("claim_rejected").asBoolean() : resp.get("approved").asBoolean();
    }

    String reason() {
      return resp.get(sync ? "claim_rejected_reason" : "reason").asText();
    }

    @Override
    public String toString() {
      return agent.alias() + (sync ? " sync " : " pre-flight ") + resp.status() + (won() ? " won" : " lost: " + reason());
    }
  }

  final TestServer server;
  final List<Agent> agents = new ArrayList<>();

  /** {@code workspaces} agents of project {@code slug}; the first one gives the repo its baseline. */
  ClaimRace(TestServer server, String slug, int workspaces) {
    this.server = server;
    for (int i = 0; i < workspaces; i++) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("project_slug", slug);
      b.put("alias", "agent-" + i);
      b.put("human_name", "Agent " + i);
      b.put("repo_origin", ORIGIN);
      JsonNode r = server.init(b);
      agents.add(new Agent(r.path("api_key").asText(), r.path("workspace_id").asText(), "agent-" + i, "Agent " + i));
    }
    Resp base = server.post("/v1/bdh/sync", body(agents.get(0), "full", record("cr-base", "open"), null),
        agents.get(0).key());
    if (base.status() != 200) {
      throw new AssertionError("baseline sync failed: " + base);
    }
  }

  static String record(String beadId, String status) {
    return "{\"id\": \"" + beadId + "\", \"title\": \"Raced " + beadId + "\", \"status\": \"" + status
        + "\", \"priority\": 1, \"issue_type\": \"task\", \"created_at\": \"2026-03-01T10:00:00Z\","
        + " \"updated_at\": \"2026-03-01T10:00:00Z\"}\n";
  }

  static Map<String, Object> body(Agent a, String mode, String jsonl, String command) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("workspace_id", a.ws());
    b.put("alias", a.alias());
    b.put("human_name", a.human());
    b.put("repo_origin", ORIGIN);
    if (mode != null) {
      b.put("sync_mode", mode);
      b.put(mode.equals("full") ? "issues_jsonl" : "changed_issues", jsonl);
    }
    if (command != null) {
      b.put("command_line", command);
    }
    return b;
  }

  Resp preflight(Agent a, String command) {
    return server.post("/v1/bdh/command", body(a, null, null, command), a.key());
  }

  /** An incremental sync carrying {@code jsonl} after running {@code command}. */
  Resp sync(Agent a, String jsonl, String command) {
    return server.post("/v1/bdh/sync", body(a, "incremental", jsonl, command), a.key());
  }

  /** Sends {@code request(agent)} for every agent at the same moment; the answers in agent order. */
  List<Answer> together(Function<Agent, Answer> request) {
    CountDownLatch gate = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Answer>> sent = new ArrayList<>();
      for (Agent a : agents) {
        sent.add(pool.submit(() -> {
          gate.await();
          return request.apply(a);
        }));
      }
      gate.countDown();
      List<Answer> out = new ArrayList<>();
      for (Future<Answer> f : sent) {
        out.add(f.get());
      }
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The reason every loser must print: the winner's stored alias and human name (spec 40 §3.4). */
  static String reason(String beadId, Agent winner) {
    return beadId + " is being worked on by " + winner.alias() + " (" + winner.human() + ")";
  }

  /** The workspaces holding a claim (active or pending) on a bead of the race's repo. */
  List<String> holders(String beadId) {
    return server.sql().withHandle(h -> h.createQuery("""
        SELECT workspace_id::text FROM server.bead_claims
         WHERE repo = 'github.com/example/claim-race' AND bead_id = :b ORDER BY workspace_id""")
        .bind("b", beadId).mapTo(String.class).list());
  }
}
