package io.beadhub.workspaces;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.TestServer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The setup of spec 30 §11: project P with agents A (alice-dev) and B (bob-rev) on one repo, project
 * Q with agent C. Each world has its own slugs and repo so that many worlds share one database.
 */
public record World(String n, String pSlug, String qSlug, String repoOrigin, String canonical,
                    String ka, String kb, String kc, String wa, String wb, String wc, String p, String q,
                    String repoP) {
  private static final AtomicInteger SEQ = new AtomicInteger();

  public static World create(TestServer s) {
    String n = Long.toString(System.nanoTime() % 1_000_000_000L, 36) + SEQ.incrementAndGet();
    String origin = "git@github.com:acme/widgets-" + n + ".git";
    JsonNode a = s.init(Map.of("project_slug", "p-one-" + n, "alias", "alice-dev", "human_name", "Alice",
        "repo_origin", origin, "hostname", "host-a", "workspace_path", "/tmp/a"));
    JsonNode b = s.init(Map.of("project_slug", "p-one-" + n, "alias", "bob-rev", "human_name", "Bob",
        "repo_origin", origin, "hostname", "host-b"));
    JsonNode c = s.init(Map.of("project_slug", "q-two-" + n, "alias", "carol", "human_name", "Carol",
        "repo_origin", "git@github.com:acme/other-" + n + ".git"));
    return new World(n, "p-one-" + n, "q-two-" + n, origin, "github.com/acme/widgets-" + n,
        a.path("api_key").asText(), b.path("api_key").asText(), c.path("api_key").asText(),
        a.path("workspace_id").asText(), b.path("workspace_id").asText(), c.path("workspace_id").asText(),
        a.path("project_id").asText(), c.path("project_id").asText(), a.path("repo_id").asText());
  }

  /** Seeds an active claim row (the claims feature is not needed for what status shows). */
  public void claim(TestServer s, String workspaceId, String alias, String beadId) {
    claim(s, workspaceId, alias, beadId, 0);
  }

  /** Seeds an active claim made {@code minutesAgo} minutes ago, on the workspace's own repo. */
  public void claim(TestServer s, String workspaceId, String alias, String beadId, int minutesAgo) {
    s.sql().useHandle(h -> h.execute("""
        INSERT INTO server.bead_claims (project_id, workspace_id, repo, bead_id, alias, human_name, state, claimed_at)
        SELECT w.project_id, w.workspace_id, r.canonical_origin, ?, ?, w.human_name, 'active',
               now() - make_interval(mins => ?)
          FROM server.workspaces w JOIN server.repos r ON r.id = w.repo_id WHERE w.workspace_id = ?::uuid
        """, beadId, alias, minutesAgo, workspaceId));
  }
}
