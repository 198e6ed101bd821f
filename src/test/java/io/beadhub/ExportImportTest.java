package io.beadhub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.auth.KeyRecovery;
import io.beadhub.db.Database;
import io.beadhub.db.DatabaseUrl;
import io.beadhub.demo.Demo;
import io.beadhub.testing.Beads;
import io.beadhub.testing.TestPostgres;
import io.beadhub.testing.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code beadhub export} / {@code beadhub import}: a project seeded over HTTP (the demo, a subscription,
 * the real beads fixture and 10,000 synced beads) moves to a fresh database, where a server already runs
 * and has events of its own, and comes out of it byte for byte the same.
 */
class ExportImportTest {
  static final int BULK = 10_000;
  static TestServer source;
  static TestServer target;
  static String coordKey;
  @TempDir
  static Path dir;
  static Path exported;

  @BeforeAll
  static void seed() throws Exception {
    source = TestServer.start();
    coordKey = new Demo(source.base(), "demo").run();
    JsonNode me = source.get("/v1/agents/me", coordKey).json();
    assertThat(source.post("/v1/subscriptions", Map.of("workspace_id", me.path("agent_id").asText(),
        "alias", "coord", "bead_id", "wa-2"), coordKey).status()).isEqualTo(200);
    upload("github.com/steveyegge/beads", Files.readString(Beads.file("beads-tracker-v0.49.6.jsonl")));
    syncBulk();
    source.eventsNumbered();
    target = TestServer.start();
    target.init(Map.of("project_slug", "already-here", "alias", "eve"));
    target.eventsNumbered();
    exported = dir.resolve("demo.jsonl");
    Run r = export(source, "--project", "demo", "--out", exported.toString());
    assertThat(r.exit()).as(r.err()).isZero();
  }

  @AfterAll
  static void stop() {
    source.close();
    target.close();
  }

  static void upload(String repo, String jsonl) {
    var r = source.send("POST", "/v1/beads/upload-jsonl?repo=" + repo, jsonl,
        Map.of("Authorization", "Bearer " + coordKey, "Content-Type", "application/x-ndjson"));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
  }

  /** A full bdh sync of {@link #BULK} beads, by an agent of its own repo. */
  static void syncBulk() {
    String origin = "git@github.com:acme/bulk.git";
    JsonNode dev = source.init(Map.of("project_slug", "demo", "alias", "bulk-dev", "repo_origin", origin,
        "hostname", "bulk-host", "workspace_path", "/srv/bulk"));
    var r = source.post("/v1/bdh/sync", Map.of("workspace_id", dev.path("workspace_id").asText(),
        "alias", "bulk-dev", "repo_origin", origin, "sync_mode", "full", "issues_jsonl", bulkBeads(),
        "command_line", "sync", "sync_protocol_version", 0), dev.path("api_key").asText());
    assertThat(r.status()).as(r.text()).isEqualTo(200);
  }

  static String bulkBeads() {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= BULK; i++) {
      String dep = i % 10 == 0 ? ", \"dependencies\": [{\"issue_id\": \"bk-" + i + "\", \"depends_on_id\": \"bk-"
          + (i - 1) + "\", \"type\": \"" + (i % 20 == 0 ? "parent-child" : "blocks") + "\"}]" : "";
      b.append("{\"id\": \"bk-").append(i).append("\", \"title\": \"Bulk bead ").append(i)
          .append("\", \"status\": \"").append(i % 3 == 0 ? "closed" : "open").append("\", \"priority\": ")
          .append(i % 4).append(", \"issue_type\": \"task\", \"labels\": [\"area:").append(i % 7)
          .append("\"], \"created_at\": \"2026-03-01T10:00:00Z\", \"updated_at\": \"2026-03-02T10:00:00Z\"")
          .append(dep).append("}\n");
    }
    return b.toString();
  }

  record Run(int exit, String err) {
  }

  static Run export(TestServer on, String... args) {
    return run(new TransferCommands.Export(env(on)), args);
  }

  static Run importInto(TestServer on, String... args) {
    return run(new TransferCommands.Import(env(on)), args);
  }

  static Map<String, String> env(TestServer on) {
    return Map.of("BEADHUB_DATABASE_URL", on.databaseUrl(), "BEADHUB_LOG_JSON", "false",
        "BEADHUB_LOG_LEVEL", "warning");
  }

  static Run run(Callable<Integer> command, String... args) {
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(command);
    cl.setErr(new PrintWriter(err));
    return new Run(cl.execute(args), err.toString());
  }

  static List<String> lines(Path p) throws Exception {
    return Files.readAllLines(p, StandardCharsets.UTF_8);
  }

  static long count(TestServer on, String sql) {
    return on.sql().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  @Test
  void exportImportExportIsIdenticalApartFromTheHeaderTime() throws Exception {
    long targetEventsBefore = count(target, "SELECT COALESCE(max(event_id), 0) FROM server.events");

    Run imported = importInto(target, "--in", exported.toString());
    assertThat(imported.exit()).as(imported.err()).isZero();
    Path again = dir.resolve("again.jsonl");
    Run second = export(target, "--project", "demo", "--out", again.toString());
    assertThat(second.exit()).as(second.err()).isZero();

    List<String> a = lines(exported);
    List<String> b = lines(again);
    assertThat(a.size()).isGreaterThan(BULK * 2);
    assertThat(b.get(0).replaceAll("\"exported_at\":\"[^\"]*\"", ""))
        .isEqualTo(a.get(0).replaceAll("\"exported_at\":\"[^\"]*\"", ""));
    assertThat(b.subList(1, b.size())).isEqualTo(a.subList(1, a.size()));
    assertThat(a).anyMatch(l -> l.startsWith("{\"table\":\"beads.issue_parents\""))
        .anyMatch(l -> l.startsWith("{\"table\":\"aweb.chat_read_receipts\""))
        .anyMatch(l -> l.startsWith("{\"table\":\"server.subscriptions\""))
        .anyMatch(l -> l.startsWith("{\"table\":\"server.escalations\""))
        .noneMatch(l -> l.contains("key_hash"));

    // the imported events come after the target's own, and the target numbers new ones after them
    long demoMin = count(target, "SELECT min(e.event_id) FROM server.events e JOIN aweb.projects p"
        + " ON p.project_id = e.project_id WHERE p.slug = 'demo'");
    long demoMax = count(target, "SELECT max(e.event_id) FROM server.events e JOIN aweb.projects p"
        + " ON p.project_id = e.project_id WHERE p.slug = 'demo'");
    assertThat(demoMin).isGreaterThan(targetEventsBefore);
    assertThat(count(target, "SELECT last_event_id FROM server.event_counter")).isEqualTo(demoMax);
    assertThat(count(target, "SELECT h.last_event_id FROM server.event_heads h JOIN aweb.projects p"
        + " ON p.project_id = h.project_id WHERE p.slug = 'demo'")).isEqualTo(demoMax);

    // over HTTP, the imported project answers as the original did
    String sourceKey;
    String targetKey;
    try (Database s = new Database(DatabaseUrl.parse(source.databaseUrl()), 2);
         Database t = new Database(DatabaseUrl.parse(target.databaseUrl()), 2)) {
      sourceKey = KeyRecovery.mint(s, "demo", "alice-dev", true).apiKey();
      targetKey = KeyRecovery.mint(t, "demo", "alice-dev", true).apiKey();
    }
    for (String path : List.of("/v1/beads/issues?limit=200", "/v1/claims", "/v1/reservations",
        "/v1/messages/inbox", "/v1/escalations", "/v1/chat/pending",
        "/v1/beads/issues?repo=github.com/acme/bulk&limit=5")) {
      var was = source.get(path, sourceKey);
      var is = target.get(path, targetKey);
      assertThat(is.status()).as(path).isEqualTo(200);
      // each server counts a lock's remaining seconds on its own clock
      String ttl = "\"ttl_remaining_seconds\":\\d+";
      assertThat(is.text().replaceAll(ttl, "")).as(path).isEqualTo(was.text().replaceAll(ttl, ""));
    }
    // presence (program, branch, online status, last seen) lives in memory or Redis, not in the export
    List<String> presence = List.of("program", "model", "branch", "member_email", "status", "last_seen");
    JsonNode was = source.get("/v1/workspaces", sourceKey).json().path("workspaces");
    JsonNode is = target.get("/v1/workspaces", targetKey).json().path("workspaces");
    was.forEach(w -> ((com.fasterxml.jackson.databind.node.ObjectNode) w).remove(presence));
    is.forEach(w -> ((com.fasterxml.jackson.databind.node.ObjectNode) w).remove(presence));
    assertThat(is).hasSize(4).isEqualTo(was);
    assertThat(target.post("/v1/messages", Map.of("to_alias", "coord", "subject", "moved",
        "body", "we live here now"), targetKey).status()).isEqualTo(200);
    target.eventsNumbered();
    assertThat(count(target, "SELECT max(event_id) FROM server.events")).isGreaterThan(demoMax);
  }

  @Test
  void importRefusesAProjectThatExists() {
    Run r = importInto(source, "--in", exported.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("project 'demo' cannot be imported here");
  }

  @Test
  void importRefusesANewerFormatVersion() throws Exception {
    List<String> l = new ArrayList<>(lines(exported));
    l.set(0, l.get(0).replace("\"version\":1", "\"version\":2"));
    Path newer = dir.resolve("newer.jsonl");
    Files.write(newer, l);
    TestServer fresh = TestServer.startOn(TestPostgres.get().newDatabase(), Map.of());
    try (fresh) {
      Run r = importInto(fresh, "--in", newer.toString());

      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).contains("format version 2, written by a newer beadhub");
      assertThat(count(fresh, "SELECT count(*) FROM aweb.projects WHERE slug = 'demo'")).isZero();
    }
  }

  @Test
  void aCutOffFileImportsNothing() throws Exception {
    List<String> l = lines(exported);
    Path cut = dir.resolve("cut.jsonl");
    Files.write(cut, l.subList(0, l.size() - 1));
    TestServer fresh = TestServer.startOn(TestPostgres.get().newDatabase(), Map.of());
    try (fresh) {
      Run r = importInto(fresh, "--in", cut.toString());

      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).contains("cut off");
      assertThat(count(fresh, "SELECT count(*) FROM aweb.projects")).isZero();
      assertThat(count(fresh, "SELECT count(*) FROM beads.issues")).isZero();
      assertThat(count(fresh, "SELECT count(*) FROM server.events")).isZero();
    }
  }

  @Test
  void withKeysTheAgentsKeepTheirKeys() throws Exception {
    JsonNode zed = source.init(Map.of("project_slug", "keys", "alias", "zed"));
    Path withKeys = dir.resolve("keys.jsonl");
    assertThat(export(source, "--project", "keys", "--out", withKeys.toString(), "--with-keys").exit()).isZero();
    assertThat(Files.readString(withKeys)).contains("key_hash");
    TestServer fresh = TestServer.startOn(TestPostgres.get().newDatabase(), Map.of());
    try (fresh) {
      assertThat(importInto(fresh, "--in", withKeys.toString()).exit()).isZero();

      var me = fresh.get("/v1/agents/me", zed.path("api_key").asText());
      assertThat(me.status()).isEqualTo(200);
      assertThat(me.get("agent_id").asText()).isEqualTo(zed.path("agent_id").asText());
    }
  }

  @Test
  void anEventCommittedButNotYetNumberedIsExportedAsTheLastEvent() throws Exception {
    String db = TestPostgres.get().newDatabase();
    TestServer small = TestServer.startOn(db, Map.of());
    small.init(Map.of("project_slug", "queued", "alias", "amy"));
    small.eventsNumbered();
    small.close();
    try (Database d = new Database(DatabaseUrl.parse(db), 2)) {
      d.jdbi().useHandle(h -> h.createUpdate("""
              INSERT INTO server.event_queue (project_id, workspace_id, type, payload)
              SELECT p.project_id, a.agent_id, 'late', '{"type": "late"}'
                FROM aweb.projects p JOIN aweb.agents a ON a.project_id = p.project_id
               WHERE p.slug = 'queued' AND a.alias = 'amy'
              """).execute());
    }
    Path file = dir.resolve("queued.jsonl");
    Map<String, String> env = Map.of("BEADHUB_DATABASE_URL", db, "BEADHUB_LOG_JSON", "false",
        "BEADHUB_LOG_LEVEL", "warning");
    assertThat(run(new TransferCommands.Export(env), "--project", "queued", "--out", file.toString()).exit()).isZero();

    List<String> l = lines(file);
    assertThat(l.get(l.size() - 2)).startsWith("{\"table\":\"server.events\"").contains("\"type\": \"late\"");
    TestServer fresh = TestServer.startOn(TestPostgres.get().newDatabase(), Map.of());
    try (fresh) {
      assertThat(importInto(fresh, "--in", file.toString()).exit()).isZero();
      assertThat(count(fresh, "SELECT count(*) FROM server.events WHERE type = 'late'")).isEqualTo(1);
    }
  }

  @Test
  void aNamespaceTakenOnTheTargetIsRefusedAndNothingIsImported() {
    String db = TestPostgres.get().newDatabase();
    try (Database d = new Database(DatabaseUrl.parse(db), 2)) {
      d.jdbi().useHandle(h -> h.createUpdate("INSERT INTO aweb.namespaces (slug) VALUES ('demo')").execute());
      Map<String, String> env = Map.of("BEADHUB_DATABASE_URL", db, "BEADHUB_LOG_JSON", "false",
          "BEADHUB_LOG_LEVEL", "warning");

      Run r = run(new TransferCommands.Import(env), "--in", exported.toString());

      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).contains("namespace 'demo' is taken here");
      long projects = d.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM aweb.projects").mapTo(Long.class).one());
      assertThat(projects).isZero();
    }
  }

  @Test
  void anUnknownProjectIsRefusedAndWritesNoFile() {
    Path none = dir.resolve("none.jsonl");
    Run r = export(source, "--project", "nope", "--out", none.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("no live project with slug 'nope'");
    assertThat(none).doesNotExist();
  }
}
