package io.beadhub.testing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The set-up the specs' acceptance checks start from: project P with agents A and B on one repo,
 * project Q with agent C. Three flavours, one per spec, differing only in what their checks read
 * (names, roles, origins). Slugs carry {@code suffix} so that many set-ups share one database.
 */
public record TwoProjects(String suffix, String canonical, Agent a, Agent b, Agent c) {
  private static final AtomicInteger SEQ = new AtomicInteger();

  /** Spec 30 §11: alice-dev (host-a, /tmp/a) and bob-rev on acme/widgets-N in P; carol on another repo in Q. */
  public static TwoProjects workspaces(TestServer s) {
    String n = Long.toString(System.nanoTime() % 1_000_000_000L, 36) + SEQ.incrementAndGet();
    String origin = "git@github.com:acme/widgets-" + n + ".git";
    String p = "p-one-" + n;
    Agent a = Agents.in(s, p).alias("alice-dev").human("Alice").repo(origin).hostname("host-a")
        .workspacePath("/tmp/a").init();
    Agent b = Agents.in(s, p).alias("bob-rev").human("Bob").repo(origin).hostname("host-b").init();
    Agent c = Agents.in(s, "q-two-" + n).alias("carol").human("Carol")
        .repo("git@github.com:acme/other-" + n + ".git").init();
    return new TwoProjects(n, "github.com/acme/widgets-" + n, a, b, c);
  }

  /** Spec 50 §6: alice-dev (developer) and bob-rev (reviewer) in P; carol-dev (developer) in Q. */
  public static TwoProjects policies(TestServer s) {
    String n = SEQ.incrementAndGet() + "-" + System.nanoTime();
    String p = "proj-p-" + n;
    Agent a = roleAgent(s, p, "alice-dev", "developer");
    Agent b = roleAgent(s, p, "bob-rev", "reviewer");
    Agent c = roleAgent(s, "proj-q-" + n, "carol-dev", "developer");
    return new TwoProjects(n, "github.com/example/" + p, a, b, c);
  }

  private static Agent roleAgent(TestServer s, String slug, String alias, String role) {
    return Agents.in(s, slug).alias(alias).repo("https://github.com/example/" + slug + ".git").role(role)
        .human("Tester").init();
  }

  /** Spec 40 §11: alice-dev and bob-rev in {@code slug}, carol-dev in {@code slug-q}, all on the smoke repo. */
  public static TwoProjects sync(TestServer s, String slug) {
    Agent a = Agents.in(s, slug).alias("alice-dev").human("Alice").repo(Beads.SMOKE_ORIGIN).init();
    Agent b = Agents.in(s, slug).alias("bob-rev").human("Bob").repo(Beads.SMOKE_ORIGIN).init();
    Agent c = Agents.in(s, slug + "-q").alias("carol-dev").human("Carol").repo(Beads.SMOKE_ORIGIN).init();
    return new TwoProjects(slug, Beads.SMOKE_REPO, a, b, c);
  }

  public String pSlug() {
    return a.projectSlug();
  }

  public String qSlug() {
    return c.projectSlug();
  }

  public String pId() {
    return a.projectId();
  }

  public String qId() {
    return c.projectId();
  }

  public String ka() {
    return a.key();
  }

  public String kb() {
    return b.key();
  }

  public String kc() {
    return c.key();
  }

  public String wa() {
    return a.workspaceId();
  }

  public String wb() {
    return b.workspaceId();
  }

  public String wc() {
    return c.workspaceId();
  }

  /** P's repo as registered by A's init. */
  public String repoP() {
    return a.repoId();
  }

  public String repoOrigin() {
    return a.repoOrigin();
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
