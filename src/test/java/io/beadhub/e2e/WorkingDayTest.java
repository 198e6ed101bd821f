package io.beadhub.e2e;

import static io.beadhub.e2e.Wire.arr;
import static io.beadhub.e2e.Wire.bool;
import static io.beadhub.e2e.Wire.num;
import static io.beadhub.e2e.Wire.obj;
import static io.beadhub.e2e.Wire.rfc3339;
import static io.beadhub.e2e.Wire.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import io.beadhub.testing.Beads;
import io.beadhub.testing.ProxyAuth;
import io.beadhub.testing.SseClient;
import io.beadhub.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A working day of three agents, driven request by request exactly as the real bdh 0.4.0 / aw 0.4.0
 * clients drive the server (spec 70). Alice (developer) and Bob (bdh's non-TTY default role
 * {@code agent}) work in two clones of {@code acme/widgets}; Charlie (coordinator) works in
 * {@code acme/gadgets}, same project. The tests run in order and share the server: each step is what
 * one command does, and asserts what the client reads (fields, JSON types, status codes, the literal
 * strings it matches or prints). Each test names the spec 70 server obligations it covers; in short:
 * <ul>
 * <li>§3 epilogue (a) extra fields, long slug, presence: {@code registerAccepts…}, {@code readyExtras…};
 *     (d) hostname + project filter, {@code workspace_path}: {@code secondClone…}, {@code goneWorkspace…};
 *     (e) peer delete: {@code goneWorkspace…}</li>
 * <li>§4.1 context object + array, repo-scoped claims, REJECTED text, close check, jump-in, 410 vs 401:
 *     {@code secondAgentIsRejected…}, {@code jumpIn…}, {@code closeOfABead…}, {@code incrementalSync…},
 *     {@code preflightOfADeletedWorkspace…}, {@code goneWorkspace…}</li>
 * <li>§4.3 / §16.9 holder_alias, flat 409, both list shapes: {@code locksConflict…}</li>
 * <li>§5 / §16.4 full, incremental, tombstones, deleted_ids, 409 → full retry, version 1, force-sync:
 *     {@code firstCreate…}, {@code updateInProgress…}, {@code deleteSends…}, {@code incrementalSync…},
 *     {@code forceSync…}</li>
 * <li>§16.1–2 unauthenticated init/suggestions, {@code email}, project_not_found, alias_exists, §2.1 values:
 *     the {@code init…}/{@code …Suggestion…} tests and {@code aliasExists…}</li>
 * <li>§16.5 register: {@code registerAccepts…}; §16.6 listing params + DELETE: {@code secondClone…},
 *     {@code readyExtras…}, {@code goneWorkspace…}; §16.7 team: {@code readyExtras…}</li>
 * <li>§16.8 ETag/304/400, reset with {@code null}: {@code policyWith…}; §16.10 workspace ids as agent
 *     ids: {@code jumpIn…}, {@code initUpdate…}; §16.11 JSON objects of the exact types, RFC 3339,
 *     answers within 10 s: every call ({@link Wire} types and timeout)</li>
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkingDayTest {
  static final String SECRET = "e2e-proxy-secret";
  static final String WIDGETS = "git@github.com:acme/widgets.git";
  static final String GADGETS = "https://github.com/acme/gadgets.git";
  static final Path FIXTURES = Beads.dir();

  static TestServer server;
  static Path home;
  static Bdh alice;
  static Bdh bob;
  static Bdh charlie;
  static Bdh dave;
  static Bdh erin;
  static String policyEtag;

  @BeforeAll
  static void start() throws IOException {
    server = TestServer.start(Map.of("BEADHUB_INTERNAL_AUTH_SECRET", SECRET));
    home = Files.createTempDirectory("bdh-e2e");
    alice = agent("host-alice", "widgets");
    bob = agent("host-bob", "widgets-bob");
    charlie = agent("host-charlie", "gadgets");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Bdh agent(String hostname, String dir) throws IOException {
    return new Bdh(server.base(), hostname, Files.createDirectories(home.resolve(hostname).resolve(dir)));
  }

  static List<String> fixture(String name) throws IOException {
    return Files.readAllLines(FIXTURES.resolve(name), StandardCharsets.UTF_8);
  }

  /** Loads a bd export into an agent's local data, as {@code git clone} + {@code bd import} would. */
  static void clone(Bdh a, List<String> lines) {
    for (String l : lines) {
      a.jsonl.put(Json.tree(l).path("id").asText(), l);
    }
  }

  // ------------------------------------------------------------------------------------------ :init

  /** §6.1 (404 fallback, project_not_found retry), §16 items 1, 2 (email ignored, §2.1 values), §3 epilogue. */
  @Test
  @Order(1)
  void initInAnUnregisteredRepoFallsBackToAliceAndRetriesWithTheDirectorySlug() throws IOException {
    clone(alice, fixture("beads-tracker-v0.49.6.jsonl"));
    List<String> out = alice.init(new Bdh.InitInput(null, null, "developer", "Alice", WIDGETS, "alice@example.com",
        "widgets"));

    assertThat(alice.trace).startsWith(
        "POST /v1/workspaces/suggest-name-prefix 404",
        "POST /v1/init 422",
        "POST /v1/init 200",
        "POST /v1/agents/register 200");
    assertThat(out).contains("(new workspace registered)");
    assertThat(alice.alias).isEqualTo("alice-developer");
    assertThat(alice.projectSlug).isEqualTo("widgets");
    assertThat(alice.canonicalOrigin).isEqualTo("github.com/acme/widgets");
  }

  /** The 422 body of the first init carries the literal code bdh matches (§6.1, §16 item 2). */
  @Test
  @Order(2)
  void initWithoutProjectOfAnUnknownRepoIs422WithProjectNotFound() {
    Wire.Answer a = Wire.beadhub(server.base(), "POST", "/v1/init", null,
        Map.of("repo_origin", "git@github.com:acme/unknown.git", "alias", "zed-agent", "human_name", "Zed"), null);
    assertThat(a.status()).isEqualTo(422);
    assertThat(a.body()).contains("project_not_found");
  }

  /** Suggestion by repo (200), §3 (d) hostname filter + workspace_path, §16 items 1, 6. */
  @Test
  @Order(3)
  void secondCloneGetsBobAndBothWorkspacesAreListedWithHostnamesAndPaths() throws IOException {
    clone(bob, fixture("beads-tracker-v0.49.6.jsonl"));
    List<String> out = bob.init(new Bdh.InitInput(null, null, null, "Bob", WIDGETS, null, "widgets-bob"));

    assertThat(bob.trace).startsWith("POST /v1/workspaces/suggest-name-prefix 200", "POST /v1/init 200");
    assertThat(out).contains("(new workspace registered)");
    assertThat(bob.alias).isEqualTo("bob-agent");
    assertThat(bob.repoId).isEqualTo(alice.repoId);

    JsonNode all = bob.beadhub("GET", "/v1/workspaces", Map.of("include_presence", false, "limit", 200), null).object();
    Map<String, String> hosts = new LinkedHashMap<>();
    Map<String, String> paths = new LinkedHashMap<>();
    for (JsonNode w : arr(all, "workspaces")) {
      hosts.put(str(w, "alias"), str(w, "hostname"));
      paths.put(str(w, "alias"), str(w, "workspace_path"));
    }
    assertThat(hosts).containsEntry("alice-developer", "host-alice").containsEntry("bob-agent", "host-bob");
    assertThat(paths).containsEntry("bob-agent", bob.workspacePath.toString());

    JsonNode mine = bob.beadhub("GET", "/v1/workspaces", Map.of("hostname", "host-alice", "include_presence", false), null)
        .object();
    assertThat(arr(mine, "workspaces")).extracting(w -> w.path("alias").asText()).containsExactly("alice-developer");
  }

  /** Suggestion by project slug (§6.1 step 1), a second repo in the same project. */
  @Test
  @Order(4)
  void coordinatorInASecondRepoGetsASuggestionByProjectSlug() throws IOException {
    clone(charlie, fixture("composed-rig.jsonl"));
    List<String> out = charlie.init(new Bdh.InitInput(null, "widgets", "coordinator", "Charlie", GADGETS, null, "gadgets"));

    assertThat(charlie.trace).startsWith("POST /v1/agents/suggest-alias-prefix 200", "POST /v1/init 200");
    assertThat(out).contains("(new workspace registered)");
    assertThat(charlie.alias).isEqualTo("charlie-coordinator");
    assertThat(charlie.canonicalOrigin).isEqualTo("github.com/acme/gadgets");
    assertThat(charlie.projectSlug).isEqualTo("widgets");
  }

  /** §3 (a): register accepts bdh's extra fields and a project_slug longer than 63 characters (§16 item 5). */
  @Test
  @Order(5)
  void registerAcceptsAProjectSlugLongerThan63Characters() throws IOException {
    String slug = "a-very-long-project-slug-that-a-team-chose-for-its-monorepo-of-services";
    assertThat(slug.length()).isGreaterThan(63);
    Bdh longSlug = agent("host-long", "monorepo");
    longSlug.init(new Bdh.InitInput("lee-agent", slug, null, "Lee", "git@github.com:acme/monorepo.git", null, "monorepo"));
    assertThat(longSlug.trace).contains("POST /v1/agents/register 200");
    assertThat(longSlug.projectSlug).isEqualTo(slug);
  }

  // ------------------------------------------------------------------------------------------ sync, claims

  /** §4.1 (approved create), §5 full sync with protocol 0 → 1, §16 items 3, 4 (every bd field/status, real JSONL). */
  @Test
  @Order(10)
  void firstCreateSendsTheWholeRealExportAsAFullSync() {
    Bdh.Outcome o = alice.run("create Fix pagination -t task", Bdh.create("bd-e2e1", "Fix pagination", "task"));

    assertThat(alice.trace.get(0)).isEqualTo("POST /v1/bdh/command 200");
    assertThat(bool(o.preflight(), "approved")).isTrue();
    assertThat(str(o.preflight(), "reason")).isEmpty();
    assertThat(alice.trace.get(1)).isEqualTo("POST /v1/bdh/sync 200");
    assertThat(alice.lastSyncBody).containsEntry("sync_mode", "full").containsEntry("sync_protocol_version", 0L)
        .containsEntry("command_line", "create Fix pagination -t task");
    JsonNode stats = o.sync().path("stats");
    assertThat(num(stats, "received")).isEqualTo(836); // 835 distinct ids of the export + the new one
    assertThat(num(stats, "inserted")).isEqualTo(836);
    assertThat(num(o.sync(), "issues_count")).isEqualTo(836);
    assertThat(o.out()).contains("SYNC: +836 inserted");
    assertThat(alice.protocolVersion).isEqualTo(1);
    assertThat(alice.issueHashes).hasSize(836);
  }

  /** §4.1, §5 incremental with one changed line and version 1; §8 :status; §16 items 3, 4, 11. */
  @Test
  @Order(11)
  void updateInProgressIsAnIncrementalSyncThatClaimsTheBead() {
    alice.run("create Second task -t task", Bdh.create("bd-e2e2", "Second task", "task"));
    Bdh.Outcome o = alice.run("update bd-tggf --status in_progress", Bdh.setStatus("bd-tggf", "in_progress"));

    assertThat(bool(o.preflight(), "approved")).isTrue();
    assertThat(alice.lastSyncBody).containsEntry("sync_mode", "incremental").containsEntry("sync_protocol_version", 1L)
        .doesNotContainKey("deleted_ids");
    assertThat(((String) alice.lastSyncBody.get("changed_issues")).lines()).hasSize(1);
    assertThat(num(o.sync().path("stats"), "received")).isEqualTo(1);
    assertThat(num(o.sync().path("stats"), "updated")).isEqualTo(1);
    assertThat(o.out()).contains("SYNC: ~1 updated");

    JsonNode claims = alice.beadhub("GET", "/v1/claims", Map.of("bead_id", "bd-tggf"), null).object();
    assertThat(arr(claims, "claims")).hasSize(1);
    JsonNode claim = claims.path("claims").get(0);
    assertThat(str(claim, "workspace_id")).isEqualTo(alice.workspaceId);
    assertThat(str(claim, "alias")).isEqualTo("alice-developer");
    rfc3339(claim, "claimed_at");

    JsonNode status = status(bob);
    JsonNode aliceWs = workspace(status, "alice-developer");
    assertThat(arr(aliceWs, "claims")).extracting(c -> c.path("bead_id").asText()).containsExactly("bd-tggf");
    JsonNode c = aliceWs.path("claims").get(0);
    assertThat(str(c, "title")).isEqualTo(Json.tree(alice.jsonl.get("bd-tggf")).path("title").asText());
    rfc3339(c, "claimed_at");
    assertThat(str(aliceWs, "role")).isEqualTo("developer");
  }

  /** §4.1 REJECTED path: exact reason, no bd, no sync, no epilogue; beads_in_progress lists the holder (§16 item 3). */
  @Test
  @Order(12)
  void secondAgentIsRejectedOnTheSameBeadWithTheExactText() {
    Bdh.Outcome o = bob.run("update bd-tggf --status in_progress", Bdh.setStatus("bd-tggf", "in_progress"));

    assertThat(o.exitCode()).isEqualTo(1);
    assertThat(o.bdRan()).isFalse();
    assertThat(o.first()).isEqualTo("REJECTED: bd-tggf is being worked on by alice-developer (Alice)");
    assertThat(o.out()).contains("Beads in progress:");
    assertThat(o.out().stream().filter(l -> l.startsWith("  bd-tggf — alice-developer (Alice) — \""))).hasSize(1);
    assertThat(bob.trace).containsExactly("POST /v1/bdh/command 200");
    JsonNode inProgress = o.preflight().path("context").path("beads_in_progress");
    JsonNode b = inProgress.get(0);
    assertThat(str(b, "workspace_id")).isEqualTo(alice.workspaceId);
    assertThat(str(b, "role")).isEqualTo("developer");
  }

  /** §4.1 jump-in: bd runs, §4.6 mail to each other claimant with a workspace id as to_agent_id (§16 item 10). */
  @Test
  @Order(13)
  void jumpInProceedsAndMailsTheClaimant() {
    Bdh.Outcome o = bob.run(new Bdh.Command("update bd-tggf --status in_progress",
        Bdh.setStatus("bd-tggf", "in_progress"), "pairing"));

    assertThat(o.bdRan()).isTrue();
    assertThat(bool(o.preflight(), "approved")).isFalse();
    assertThat(bob.trace).contains("POST /v1/messages 200");
    // bob's first sync from his clone is a full one; the claim stays alice's (the server decides, §4.1)
    assertThat(o.sync()).isNotNull();
    assertThat(arr(alice.beadhub("GET", "/v1/claims", Map.of("bead_id", "bd-tggf"), null).object(), "claims"))
        .extracting(c -> c.path("alias").asText()).containsExactly("alice-developer");

    JsonNode inbox = alice.aw("GET", "/v1/messages/inbox?unread_only=true&limit=50", null).object();
    assertThat(arr(inbox, "messages")).extracting(m -> m.path("body").asText())
        .contains("bob-agent is joining work on bd-tggf: pairing");
    List<String> epilogue = alice.epilogue();
    assertThat(epilogue).contains("MAIL: 1 unread");
  }

  /** §4.1 close check made by the client from beads_in_progress (other workspace ids listed). */
  @Test
  @Order(14)
  void closeOfABeadClaimedBySomeoneElseIsRejectedByTheClient() {
    Bdh.Outcome o = bob.run("close bd-tggf", Bdh.setStatus("bd-tggf", "closed"));

    assertThat(bool(o.preflight(), "approved")).isTrue();
    assertThat(o.first()).isEqualTo("REJECTED: bd-tggf has active claims by: alice-developer (Alice). "
        + "Use --:jump-in \"reason\" to close anyway and notify them.");
    assertThat(bob.trace).containsExactly("POST /v1/bdh/command 200");
  }

  /** §5 close sync releases the claim; /v1/status shows no claim on the bead (§16 item 4). */
  @Test
  @Order(15)
  void theHolderClosesAndTheClaimIsGone() {
    Bdh.Outcome o = alice.run("close bd-tggf", Bdh.setStatus("bd-tggf", "closed"));

    assertThat(o.bdRan()).isTrue();
    assertThat(o.sync().path("synced").asBoolean()).isTrue();
    JsonNode claims = arr(status(alice), "claims");
    assertThat(claims).extracting(c -> c.path("bead_id").asText()).doesNotContain("bd-tggf");
    JsonNode left = alice.beadhub("GET", "/v1/claims", Map.of("bead_id", "bd-tggf"), null).object();
    assertThat(arr(left, "claims")).isEmpty();
  }

  /** §5 tombstones arrive as changed issues with command line `delete`; claims released (§16 item 4). */
  @Test
  @Order(16)
  void deleteSendsATombstoneAsAChangedIssueAndReleasesTheClaim() {
    alice.run("update bd-e2e2 --status in_progress", Bdh.setStatus("bd-e2e2", "in_progress"));
    assertThat(arr(alice.beadhub("GET", "/v1/claims", Map.of("bead_id", "bd-e2e2"), null).object(), "claims")).hasSize(1);

    Bdh.Outcome o = alice.run("delete bd-e2e2 --force", Bdh.tombstone("bd-e2e2", "alice-developer"));

    assertThat(alice.trace).contains("POST /v1/bdh/sync 200");
    assertThat(alice.lastSyncBody).doesNotContainKey("deleted_ids").containsEntry("command_line", "delete bd-e2e2 --force");
    assertThat((String) alice.lastSyncBody.get("changed_issues")).contains("\"status\":\"tombstone\"");
    JsonNode stats = o.sync().path("stats");
    assertThat(num(stats, "received")).isEqualTo(1);
    assertThat(num(stats, "deleted")).isEqualTo(1);
    assertThat(o.out()).contains("SYNC: -1 deleted");
    assertThat(arr(alice.beadhub("GET", "/v1/claims", Map.of("bead_id", "bd-e2e2"), null).object(), "claims")).isEmpty();

    // `bd compact` drops the tombstone line: now the id vanishes and travels in deleted_ids alone
    Bdh.Outcome compact = alice.run("sync", db -> db.remove("bd-e2e2"));
    assertThat(compact.sync()).isNotNull();
    assertThat(alice.lastSyncBody).containsEntry("deleted_ids", List.of("bd-e2e2")).doesNotContainKey("changed_issues");
    assertThat(compact.sync().path("stats").path("deleted").asLong()).isZero(); // the tombstone was not live
    assertThat(num(compact.sync(), "issues_count")).isEqualTo(alice.jsonl.size());
  }

  /** §5.5: an incremental sync the server has no baseline for → 409 → exactly one full retry (§16 item 4). */
  @Test
  @Order(17)
  void incrementalSyncWithoutBaselineIs409AndTheFullRetrySucceeds() {
    // Charlie's cache predates this server (restored database): his state says everything was synced.
    charlie.jsonl.forEach((id, line) -> charlie.issueHashes.put(id, Bdh.hash(line)));
    charlie.protocolVersion = 1;
    String bead = "gt-k3m0";
    assertThat(charlie.jsonl).containsKey(bead);

    Bdh.Outcome o = charlie.run("update " + bead + " --status in_progress", Bdh.setStatus(bead, "in_progress"));

    assertThat(charlie.trace).containsSequence("POST /v1/bdh/sync 409", "POST /v1/bdh/sync 200");
    assertThat(charlie.lastSyncBody).containsEntry("sync_mode", "full").containsEntry("sync_protocol_version", 1L);
    assertThat(o.out()).noneMatch(l -> l.startsWith("sync failed"));
    assertThat(num(o.sync().path("stats"), "received")).isEqualTo(charlie.jsonl.size());
    JsonNode claims = alice.beadhub("GET", "/v1/claims", Map.of("bead_id", bead), null).object();
    assertThat(arr(claims, "claims")).extracting(c -> c.path("alias").asText()).containsExactly("charlie-coordinator");
    // beads_in_progress holds claims of the caller's repo only: alice (widgets) never sees gt-k3m0 (gadgets)
    Bdh.Outcome other = alice.run("show " + bead, null);
    assertThat(other.preflight().path("context").path("beads_in_progress"))
        .extracting(b -> b.path("bead_id").asText()).doesNotContain(bead);
  }

  /** §15 :force-sync: full, no command_line, version 0; nothing inserted for known issues. */
  @Test
  @Order(18)
  void forceSyncResendsEverythingAndInsertsNothing() {
    Bdh.SyncResult s = alice.forceSync();
    assertThat(s.status()).isEqualTo(200);
    assertThat(alice.lastSyncBody).containsEntry("sync_mode", "full").containsEntry("sync_protocol_version", 0L)
        .doesNotContainKey("command_line");
    assertThat(num(s.body().path("stats"), "inserted")).isZero();
    assertThat(num(s.body(), "sync_protocol_version")).isEqualTo(1);
  }

  // ------------------------------------------------------------------------------------------ mail, chat

  /** §11 mail send / list / open + body-less ack (§1 aw transport); §3 (c) unread count. */
  @Test
  @Order(20)
  void mailSendListOpenAndAckWithoutBody() {
    // clear alice's earlier jump-in mail first (mail open bob-agent)
    open(alice, "bob-agent");

    JsonNode sent = charlie.aw("POST", "/v1/messages",
        Map.of("to_alias", "alice-developer", "subject", "Pagination", "body", "Take bd-e2e1 next?", "priority", "high"))
        .object();
    str(sent, "message_id");
    assertThat(str(sent, "status")).isNotEmpty();
    rfc3339(sent, "delivered_at");

    JsonNode list = alice.aw("GET", "/v1/messages/inbox?unread_only=true&limit=50", null).object();
    JsonNode m = arr(list, "messages").get(0);
    assertThat(str(m, "from_alias")).isEqualTo("charlie-coordinator");
    assertThat(str(m, "from_agent_id")).isEqualTo(charlie.workspaceId);
    assertThat(str(m, "subject")).isEqualTo("Pagination");
    assertThat(str(m, "priority")).isEqualTo("high");
    str(m, "thread_id");
    str(m, "read_at");
    rfc3339(m, "created_at");
    assertThat(alice.epilogue()).contains("MAIL: 1 unread");

    List<JsonNode> acks = open(alice, "charlie-coordinator");
    assertThat(acks).hasSize(1);
    str(acks.get(0), "message_id");
    rfc3339(acks.get(0), "acknowledged_at");
    assertThat(alice.epilogue()).noneMatch(l -> l.startsWith("MAIL:"));
  }

  /** aw {@code mail open <alias>}: inbox ?unread_only=true&limit=200, then a body-less ack per message. */
  static List<JsonNode> open(Bdh a, String from) {
    List<JsonNode> acks = new ArrayList<>();
    for (JsonNode m : arr(a.aw("GET", "/v1/messages/inbox?unread_only=true&limit=200", null).object(), "messages")) {
      if (str(m, "from_alias").equals(from)) {
        Wire.Answer ack = a.aw("POST", "/v1/messages/" + str(m, "message_id") + "/ack", null);
        assertThat(ack.status()).as("ack %s", ack).isEqualTo(200);
        acks.add(ack.object());
      }
    }
    return acks;
  }

  /**
   * aw 0.4.0 send-and-wait: stream WITHOUT {@code after}; the reply lands before the stream opens and
   * is still delivered (own message replayed first). §3 (b) URGENT when the sender waits.
   */
  @Test
  @Order(21)
  void chatSendAndWaitWithoutAfterSeesAReplyThatCameBeforeTheStreamOpened() {
    String sessionId = chatSend(alice, "bob-agent", "Is bd-e2e1 blocked on your side?");
    // Bob answers at once (his aw `chat send alice-developer … --wait 0`)
    JsonNode reply = bob.aw("POST", "/v1/chat/sessions", Map.of("to_aliases", List.of("alice-developer"),
        "message", "No, go ahead.")).object();
    assertThat(str(reply, "session_id")).isEqualTo(sessionId);

    try (SseClient s = Wire.chatStream(server.base(), sessionId, alice.key, null)) {
      JsonNode own = Wire.chatEvent(s, "message", Duration.ofSeconds(5));
      assertThat(str(own, "from_agent")).isEqualTo("alice-developer");
      JsonNode answer = Wire.chatEvent(s, "message", Duration.ofSeconds(5));
      assertThat(str(answer, "from_agent")).isEqualTo("bob-agent");
      assertThat(str(answer, "body")).isEqualTo("No, go ahead.");
      assertThat(bool(answer, "sender_leaving")).isFalse();
      num(answer, "extends_wait_seconds");
      str(answer, "timestamp");
      // and a reply sent while the stream is open arrives live
      bob.aw("POST", "/v1/chat/sessions", Map.of("to_aliases", List.of("alice-developer"), "message", "Ping me after."))
          .object();
      assertThat(str(Wire.chatEvent(s, "message", Duration.ofSeconds(5)), "body")).isEqualTo("Ping me after.");
    }
  }

  /**
   * Newer aw: stream WITH {@code after} = send time truncated to the second − 1 s (a new session, bob →
   * the coordinator in the other repo); the other agent
   * sees URGENT in its epilogue, opens the chat (read + receipt), hangs on, then replies live.
   */
  @Test
  @Order(22)
  void chatSendAndWaitWithAfterIsAnsweredLiveWithHangOnAndReadReceipt() {
    java.time.Instant sentAt = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(1);
    String sessionId = chatSend(bob, "charlie-coordinator", "Can you review my pagination change?");
    try (SseClient s = Wire.chatStream(server.base(), sessionId, bob.key, sentAt.toString())) {
      assertThat(str(Wire.chatEvent(s, "message", Duration.ofSeconds(5)), "from_agent")).isEqualTo("bob-agent");

      await().atMost(Duration.ofSeconds(5)).until(() -> charlie.epilogue().contains("URGENT: bob-agent is waiting for your reply"));

      // charlie: aw chat open bob-agent — pending, unread messages, mark read
      JsonNode pending = charlie.aw("GET", "/v1/chat/pending", null).object();
      num(pending, "messages_waiting");
      JsonNode p = findSession(arr(pending, "pending"), sessionId);
      num(p, "time_remaining_seconds");
      JsonNode msgs = charlie.aw("GET", "/v1/chat/sessions/" + sessionId + "/messages?unread_only=true&limit=1000", null)
          .object();
      JsonNode last = arr(msgs, "messages").get(arr(msgs, "messages").size() - 1);
      assertThat(str(last, "from_agent")).isEqualTo("bob-agent");
      bool(last, "sender_leaving");
      JsonNode read = charlie.aw("POST", "/v1/chat/sessions/" + sessionId + "/read",
          Map.of("up_to_message_id", str(last, "message_id"))).object();
      assertThat(bool(read, "success")).isTrue();
      assertThat(num(read, "messages_marked")).isEqualTo(1);
      JsonNode receipt = Wire.chatEvent(s, "read_receipt", Duration.ofSeconds(5));
      assertThat(str(receipt, "reader_alias")).isEqualTo("charlie-coordinator");
      assertThat(num(receipt, "extends_wait_seconds")).isEqualTo(300);

      // charlie: aw chat hang-on bob-agent "…"
      JsonNode hang = charlie.aw("POST", "/v1/chat/sessions/" + sessionId + "/messages",
          Map.of("body", "Give me five minutes", "hang_on", true)).object();
      str(hang, "message_id");
      assertThat(bool(hang, "delivered")).isTrue();
      assertThat(num(hang, "extends_wait_seconds")).isEqualTo(300);
      JsonNode hangEvent = Wire.chatEvent(s, "message", Duration.ofSeconds(5));
      assertThat(bool(hangEvent, "hang_on")).isTrue();
      assertThat(num(hangEvent, "extends_wait_seconds")).isEqualTo(300);

      charlie.aw("POST", "/v1/chat/sessions/" + sessionId + "/messages", Map.of("body", "Approved.")).object();
      JsonNode answer = Wire.chatEvent(s, "message", Duration.ofSeconds(5));
      assertThat(str(answer, "body")).isEqualTo("Approved.");
      assertThat(bool(answer, "hang_on")).isFalse();
    }
  }

  /** aw chat history: the session found through GET /v1/chat/sessions, then ?limit=1000. */
  @Test
  @Order(23)
  void chatHistoryFindsTheSessionAndReadsEveryMessage() {
    JsonNode sessions = alice.aw("GET", "/v1/chat/sessions", null).object();
    String id = null;
    for (JsonNode sn : arr(sessions, "sessions")) {
      List<String> ps = new ArrayList<>();
      arr(sn, "participants").forEach(x -> ps.add(x.asText()));
      bool(sn, "sender_waiting");
      if (ps.size() == 2 && ps.contains("bob-agent")) {
        id = str(sn, "session_id");
      }
    }
    assertThat(id).isNotNull();
    JsonNode history = alice.aw("GET", "/v1/chat/sessions/" + id + "/messages?limit=1000", null).object();
    List<String> bodies = new ArrayList<>();
    for (JsonNode m : arr(history, "messages")) {
      str(m, "message_id");
      str(m, "from_agent");
      str(m, "timestamp");
      bool(m, "sender_leaving");
      bodies.add(str(m, "body"));
    }
    assertThat(bodies).containsExactly("Is bd-e2e1 blocked on your side?", "No, go ahead.", "Ping me after.");
  }

  /** aw chat send: resolve the target through the workspace list, create the session, read the answer. */
  static String chatSend(Bdh from, String target, String message) {
    JsonNode ws = from.beadhub("GET", "/v1/workspaces", Map.of("include_presence", false, "limit", 200), null).object();
    assertThat(arr(ws, "workspaces")).extracting(w -> w.path("alias").asText()).contains(target);
    JsonNode r = from.aw("POST", "/v1/chat/sessions", Map.of("to_aliases", List.of(target), "message", message)).object();
    assertThat(arr(r, "participants")).extracting(p -> p.path("alias").asText()).contains(target, from.alias);
    arr(r, "participants").forEach(p -> str(p, "agent_id"));
    arr(r, "targets_connected");
    assertThat(arr(r, "targets_left")).isEmpty();
    str(r, "message_id");
    return str(r, "session_id");
  }

  static JsonNode findSession(JsonNode items, String sessionId) {
    for (JsonNode p : items) {
      if (str(p, "session_id").equals(sessionId)) {
        return p;
      }
    }
    throw new AssertionError("session " + sessionId + " not pending in " + items);
  }

  // ------------------------------------------------------------------------------------------ locks

  /** §4.3 auto-reserve + §11 lock/unlock, flat 409 body, §12 both list shapes (§16 item 9). */
  @Test
  @Order(30)
  void locksConflictWithAFlatBodyAndBothListShapesAreServed() {
    String path = "internal/api/pagination.go";
    JsonNode lock = alice.aw("POST", "/v1/reservations",
        Map.of("resource_key", path, "ttl_seconds", 300, "metadata", Map.of("reason", "manual"))).object();
    assertThat(str(lock, "status")).isNotEmpty();
    assertThat(str(lock, "holder_alias")).isEqualTo("alice-developer");
    assertThat(str(lock, "holder_agent_id")).isEqualTo(alice.workspaceId);
    str(lock, "project_id");
    rfc3339(lock, "acquired_at");
    rfc3339(lock, "expires_at");

    // bob's auto-reserve of the same modified file: 409 decoded as {detail, holder_agent_id, holder_alias, expires_at}
    Wire.Answer conflict = bob.aw("POST", "/v1/reservations",
        Map.of("resource_key", path, "ttl_seconds", 300, "metadata", Map.of("reason", "auto-reserve")));
    assertThat(conflict.status()).isEqualTo(409);
    JsonNode c = conflict.json();
    assertThat(c.path("detail").isTextual()).isTrue();
    assertThat(str(c, "holder_alias")).isEqualTo("alice-developer");
    assertThat(str(c, "holder_agent_id")).isEqualTo(alice.workspaceId);
    rfc3339(c, "expires_at");
    String printed = "aweb: reservation held by " + str(c, "holder_alias");
    assertThat(printed).isEqualTo("aweb: reservation held by alice-developer");

    // bob's auto-reserve of a free file, then renew (a second run), then release (file reverted)
    String own = "internal/web/list.go";
    bob.aw("POST", "/v1/reservations", Map.of("resource_key", own, "ttl_seconds", 300,
        "metadata", Map.of("reason", "auto-reserve"))).object();
    JsonNode mine = bob.aw("GET", "/v1/reservations", null).object();
    JsonNode auto = null;
    for (JsonNode r : arr(mine, "reservations")) {
      if (str(r, "holder_alias").equals(bob.alias) && str(r.path("metadata"), "reason").equals("auto-reserve")) {
        auto = r;
      }
    }
    assertThat(auto).isNotNull();
    assertThat(str(auto, "resource_key")).isEqualTo(own);
    bob.aw("POST", "/v1/reservations/renew", Map.of("resource_key", own, "ttl_seconds", 300)).object();

    // aw `locks` shape
    for (JsonNode r : arr(mine, "reservations")) {
      str(r, "project_id");
      str(r, "resource_key");
      str(r, "holder_agent_id");
      str(r, "holder_alias");
      rfc3339(r, "acquired_at");
      rfc3339(r, "expires_at");
      obj(r, "metadata");
    }
    JsonNode prefixed = bob.aw("GET", "/v1/reservations?prefix=internal/api/", null).object();
    assertThat(arr(prefixed, "reservations")).extracting(r -> r.path("resource_key").asText()).containsExactly(path);

    // bdh `:reservations` shape (workspace_id is context only), and `--mine`
    JsonNode beadhubShape = bob.beadhub("GET", "/v1/reservations", Map.of("workspace_id", bob.workspaceId), null).object();
    assertThat(num(beadhubShape, "count")).isEqualTo(2);
    for (JsonNode r : arr(beadhubShape, "reservations")) {
      str(r, "reservation_id");
      str(r, "bead_id");
      str(r, "reason");
      bool(r, "exclusive");
      num(r, "ttl_remaining_seconds");
    }
    JsonNode onlyMine = bob.beadhub("GET", "/v1/reservations", Map.of("alias", bob.alias, "workspace_id", bob.workspaceId),
        null).object();
    assertThat(arr(onlyMine, "reservations")).extracting(r -> r.path("resource_key").asText()).containsExactly(own);

    JsonNode released = bob.aw("POST", "/v1/reservations/release", Map.of("resource_key", own)).object();
    assertThat(str(released, "resource_key")).isEqualTo(own);
    JsonNode unlock = alice.aw("POST", "/v1/reservations/release", Map.of("resource_key", path)).object();
    assertThat(str(unlock, "status")).isEqualTo("released");
    assertThat(arr(alice.aw("GET", "/v1/reservations", null).object(), "reservations")).isEmpty();
  }

  // ------------------------------------------------------------------------------------------ ready extras

  /** §4.2 ready extras (§16 item 7), §3 (d)/(a) presence via register, §11 who/whoami. */
  @Test
  @Order(31)
  void readyExtrasTeamViewAndWho() {
    alice.run("update bd-e2e1 --status in_progress", Bdh.setStatus("bd-e2e1", "in_progress"));
    Bdh.Outcome o = bob.run("ready --allow-stale", null);
    assertThat(o.bdRan()).isTrue();

    JsonNode team = bob.beadhub("GET", "/v1/workspaces/team", Map.of("always_include_workspace_id", bob.workspaceId,
        "include_claims", true, "include_presence", true, "limit", 16, "only_with_claims", false), null).object();
    Map<String, JsonNode> byAlias = new LinkedHashMap<>();
    arr(team, "workspaces").forEach(w -> {
      byAlias.put(str(w, "alias"), w);
      Wire.rfc3339OrNull(w, "last_seen");
      Wire.rfc3339OrNull(w, "focus_updated_at");
    });
    assertThat(byAlias).containsKeys("bob-agent", "alice-developer");
    JsonNode a = byAlias.get("alice-developer");
    JsonNode claim = arr(a, "claims").get(0);
    assertThat(str(claim, "bead_id")).isEqualTo("bd-e2e1");
    assertThat(str(claim, "title")).isEqualTo("Fix pagination");
    rfc3339(claim, "claimed_at");
    str(claim, "apex_id");
    str(a, "focus_apex_id");
    rfc3339(a, "focus_updated_at");
    rfc3339(a, "last_seen");
    arr(bob.aw("GET", "/v1/reservations", null).object(), "reservations");
    JsonNode narrow = bob.beadhub("GET", "/v1/workspaces/team", Map.of("always_include_workspace_id", bob.workspaceId,
        "include_claims", true, "include_presence", true, "limit", 1, "only_with_claims", false), null).object();
    assertThat(arr(narrow, "workspaces")).extracting(w -> w.path("alias").asText()).contains("bob-agent");
    JsonNode one = bob.beadhub("GET", "/v1/workspaces", Map.of("include_presence", false, "limit", 1), null).object();
    assertThat(arr(one, "workspaces")).hasSize(1);

    JsonNode who = bob.aw("GET", "/v1/agents", null).object();
    str(who, "project_id");
    Map<String, Boolean> online = new LinkedHashMap<>();
    for (JsonNode ag : arr(who, "agents")) {
      str(ag, "agent_id");
      str(ag, "human_name");
      str(ag, "agent_type");
      str(ag, "status");
      Wire.rfc3339OrNull(ag, "last_seen");
      online.put(str(ag, "alias"), bool(ag, "online"));
    }
    assertThat(online).containsEntry("alice-developer", true).containsEntry("bob-agent", true)
        .doesNotContainKey("system");

    JsonNode me = bob.aw("GET", "/v1/auth/introspect", null).object();
    assertThat(str(me, "agent_id")).isEqualTo(bob.workspaceId);
    assertThat(str(me, "alias")).isEqualTo("bob-agent");
    str(me, "api_key_id");
    str(me, "user_id");
  }

  /** §15 --version runs through passthrough: approved pre-flight, no claim effect; §7 :add-worktree suggestion with bearer. */
  @Test
  @Order(33)
  void versionPassthroughIsApprovedAndAddWorktreeGetsASuggestion() {
    Bdh.Outcome o = bob.run("--version", null);
    assertThat(bool(o.preflight(), "approved")).isTrue();
    assertThat(bob.trace).noneMatch(t -> t.startsWith("POST /v1/bdh/sync"));

    JsonNode roles = bob.beadhub("GET", "/v1/policies/active", Map.of("only_selected", false), null).object();
    assertThat(obj(roles, "roles").fieldNames()).toIterable().contains("developer", "reviewer");
    JsonNode s = bob.beadhub("POST", "/v1/workspaces/suggest-name-prefix", null, Map.of("origin_url", WIDGETS)).object();
    assertThat(str(s, "name_prefix")).matches("^[a-z]+(-[0-9]{2})?$");
    assertThat(str(s, "repo_id")).isEqualTo(bob.repoId);
    assertThat(str(s, "project_slug")).isEqualTo("widgets");
  }

  /** §6.2 :init --update: same workspace id back (§16 item 10: workspace ids are agent ids). */
  @Test
  @Order(32)
  void initUpdateReturnsTheSameWorkspace() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("repo_origin", WIDGETS);
    body.put("role", "agent");
    body.put("hostname", bob.hostname);
    body.put("workspace_path", bob.workspacePath.toString());
    JsonNode r = bob.beadhub("POST", "/v1/workspaces/register", null, body).object();
    assertThat(str(r, "workspace_id")).isEqualTo(bob.workspaceId);
  }

  // ------------------------------------------------------------------------------------------ policies

  /** §9 role selection, ETag/304 with the cached headers, 400 for role agent, reset with body null (§16 item 8). */
  @Test
  @Order(40)
  void policyWithRoleSelectionEtag304TheAgentRole400AndResetWithNullBody() {
    Wire.Answer first = alice.beadhub("GET", "/v1/policies/active", Map.of("only_selected", true, "role", "developer"), null);
    JsonNode p = first.object();
    policyEtag = first.header("ETag");
    String lastModified = first.header("Last-Modified");
    assertThat(policyEtag).matches("\"[0-9a-f]{16}\"");
    assertThat(lastModified).isNotNull();
    assertThat(num(p, "version")).isEqualTo(1);
    str(p, "policy_id");
    str(p, "updated_at");
    for (JsonNode inv : arr(p, "invariants")) {
      str(inv, "id");
      str(inv, "title");
      str(inv, "body_md");
    }
    assertThat(obj(p, "roles").fieldNames()).toIterable().containsExactly("developer");
    JsonNode selected = obj(p, "selected_role");
    assertThat(str(selected, "role")).isEqualTo("developer");
    assertThat(str(selected, "playbook_md")).isNotEmpty();
    obj(p, "adapters");

    Wire.Answer again = alice.beadhub("GET", "/v1/policies/active", Map.of("only_selected", true, "role", "developer"), null,
        Map.of("If-None-Match", policyEtag, "If-Modified-Since", lastModified));
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();

    // bob's workspace role is `agent` (bdh's non-TTY default): 400, then the role list
    Wire.Answer rejected = bob.beadhub("GET", "/v1/policies/active", Map.of("only_selected", true, "role", "agent"), null);
    assertThat(rejected.status()).isEqualTo(400);
    JsonNode all = bob.beadhub("GET", "/v1/policies/active", Map.of("only_selected", false), null).object();
    List<String> roles = new ArrayList<>();
    obj(all, "roles").fieldNames().forEachRemaining(roles::add);
    String error = "role \"agent\" rejected by server (available roles: " + String.join(", ", roles.stream().sorted().toList()) + ")";
    assertThat(error).isEqualTo("role \"agent\" rejected by server (available roles: backend, coordinator, developer, frontend, reviewer)");

    // :reset-policy --force → the literal body null with Content-Type application/json
    JsonNode reset = charlie.beadhub("POST", "/v1/policies/reset", null, Wire.JSON_NULL).object();
    assertThat("✓ Policy reset to defaults (version " + num(reset, "version") + ")")
        .isEqualTo("✓ Policy reset to defaults (version 2)");
    bool(reset, "reset");
    str(reset, "active_policy_id");

    Wire.Answer stale = alice.beadhub("GET", "/v1/policies/active", Map.of("only_selected", true, "role", "developer"), null,
        Map.of("If-None-Match", policyEtag, "If-Modified-Since", lastModified));
    assertThat(stale.status()).isEqualTo(200);
    assertThat(stale.header("ETag")).isNotEqualTo(policyEtag);
  }

  // ------------------------------------------------------------------------------------------ escalations

  /** §10 :escalate, §8 escalations_pending, a human's answer and the mail it produces. */
  @Test
  @Order(41)
  void escalationAnsweredByAHumanProducesAMail() {
    JsonNode e = bob.beadhub("POST", "/v1/escalations", null, Map.of("workspace_id", bob.workspaceId, "alias", bob.alias,
        "subject", "Need a decision", "situation", "Two options")).object();
    String id = str(e, "escalation_id");
    assertThat("Escalation created: " + id).matches("Escalation created: [0-9a-f-]{36}");
    assertThat(str(e, "status")).isEqualTo("pending");
    rfc3339(e, "created_at");
    rfc3339(e, "expires_at");

    JsonNode st = bob.beadhub("GET", "/v1/status", null, null).object();
    assertThat(num(st, "escalations_pending")).isEqualTo(1);

    // the human answers from the dashboard (signed proxy auth as a user, no agent)
    Map<String, String> headers = userProxy(projectId(), UUID.randomUUID().toString(), UUID.randomUUID().toString());
    var answered = server.send("POST", "/v1/escalations/" + id + "/respond",
        Map.of("response", "Option B", "note", "keep it small"), headers);
    assertThat(answered.status()).as("%s", answered).isEqualTo(200);

    JsonNode inbox = bob.aw("GET", "/v1/messages/inbox?unread_only=true&limit=50", null).object();
    JsonNode mail = arr(inbox, "messages").get(0);
    assertThat(str(mail, "subject")).isEqualTo("Escalation answered: Need a decision");
    assertThat(str(mail, "body")).contains("Response: Option B").contains("Note: keep it small");
    assertThat(bob.epilogue()).contains("MAIL: 1 unread");
    assertThat(num(bob.beadhub("GET", "/v1/status", null, null).object(), "escalations_pending")).isZero();
  }

  // ------------------------------------------------------------------------------------------ subscriptions

  /** Subscription → notification mail from the system agent, delivered asynchronously by the outbox. */
  @Test
  @Order(42)
  void subscriptionProducesANotificationMail() {
    JsonNode sub = charlie.beadhub("POST", "/v1/subscriptions", null, Map.of("workspace_id", charlie.workspaceId,
        "alias", charlie.alias, "bead_id", "bd-e2e1", "repo", "github.com/acme/widgets")).object();
    str(sub, "subscription_id");

    alice.run("close bd-e2e1", Bdh.setStatus("bd-e2e1", "closed"));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      JsonNode inbox = charlie.aw("GET", "/v1/messages/inbox?unread_only=true&limit=50", null).object();
      assertThat(arr(inbox, "messages")).anySatisfy(m -> {
        assertThat(str(m, "subject")).isEqualTo("Bead status changed: bd-e2e1");
        assertThat(str(m, "from_alias")).isEqualTo("system");
        assertThat(str(m, "body")).startsWith("**bd-e2e1** status changed from `in_progress` to `closed`\n\n"
            + "Title: Fix pagination\nRepo: github.com/acme/widgets\n");
      });
    });
  }

  // ------------------------------------------------------------------------------------------ cleanup, 410, 404

  /** §3 (e): any member deletes a peer's gone workspace; its key then gets 401 (§16 item 6). */
  @Test
  @Order(50)
  void goneWorkspaceOnTheSameHostIsCleanedUpAndItsKeyStopsWorking() throws IOException {
    dave = new Bdh(server.base(), "host-alice", Files.createDirectories(home.resolve("host-alice").resolve("widgets-tmp")));
    clone(dave, List.of());
    dave.init(new Bdh.InitInput(null, "widgets", null, "Dave", WIDGETS, null, "widgets-tmp"));
    assertThat(dave.alias).isEqualTo("dave-agent");
    Files.delete(dave.workspacePath);
    // another project's agent on the same hostname, path missing here too: not alice's to see or delete
    Bdh stranger = new Bdh(server.base(), "host-alice", home.resolve("elsewhere"));
    Files.createDirectories(stranger.workspacePath);
    stranger.init(new Bdh.InitInput("zoe-agent", "other-team", null, "Zoe", "git@github.com:other/thing.git", null,
        "elsewhere"));
    Files.delete(stranger.workspacePath);

    List<String> out = alice.run("list", null).out();
    assertThat(out).containsSequence("Cleaned up gone workspaces:", "  dave-agent (" + dave.workspacePath + ")");
    assertThat(alice.trace).contains("DELETE /v1/workspaces/" + dave.workspaceId + " 200");
    assertThat(String.join("\n", out)).doesNotContain("zoe-agent");
    assertThat(stranger.run("list", null).preflight()).isNotNull(); // still registered and working

    Bdh.Outcome o = dave.run("list", null);
    assertThat(o.first()).isEqualTo("Warning: BeadHub error (401) - running without coordination");
    assertThat(o.bdRan()).isTrue();

    Wire.Answer unknown = alice.beadhub("DELETE", "/v1/workspaces/" + UUID.randomUUID(), null, null);
    assertThat(unknown.status()).isEqualTo(404);
  }

  /**
   * §6.1 alias_exists: the suggested alias is held by a live workspace whose agent is gone (an admin
   * restored dave's workspace from the dashboard); bdh retries once without alias and the server
   * must choose a free one.
   */
  @Test
  @Order(51)
  void aliasExistsOnASuggestedAliasIsRetriedWithoutAliasAndTheServerChoosesOne() throws IOException {
    var restored = server.send("POST", "/v1/workspaces/" + dave.workspaceId + "/restore", null,
        userProxy(projectId(), UUID.randomUUID().toString(), dave.workspaceId));
    assertThat(restored.status()).as("%s", restored).isEqualTo(200);

    erin = agent("host-erin", "widgets-erin");
    List<String> out = erin.init(new Bdh.InitInput(null, null, null, "Erin", WIDGETS, null, "widgets-erin"));

    assertThat(erin.trace).startsWith("POST /v1/workspaces/suggest-name-prefix 200", "POST /v1/init 409",
        "POST /v1/init 200");
    assertThat(out).contains("(new workspace registered)");
    assertThat(erin.alias).isNotEqualTo("dave-agent").endsWith("-agent");
  }

  /** §4.1 410 only for a deleted workspace whose key still works (self-deregistration keeps keys). */
  @Test
  @Order(52)
  void preflightOfADeletedWorkspaceIs410AndBdDoesNotRun() {
    Wire.Answer gone = erin.aw("DELETE", "/v1/agents/me", null);
    assertThat(gone.status()).isEqualTo(200);

    Bdh.Outcome o = erin.run("list", null);
    assertThat(o.first()).isEqualTo("workspace was deleted. Run 'bdh :init' to re-register");
    assertThat(o.exitCode()).isEqualTo(1);
    assertThat(o.bdRan()).isFalse();
    assertThat(erin.trace.get(0)).isEqualTo("POST /v1/bdh/command 410");
    assertThat(erin.trace).noneMatch(t -> t.startsWith("POST /v1/bdh/sync"));
  }

  /** §14 :projects without credentials → 404 Not Found, nothing disclosed. */
  @Test
  @Order(53)
  void projectsCommandsAnswer404WithoutCredentials() {
    Wire.Answer list = Wire.beadhub(server.base(), "GET", "/v1/projects", null, null, null);
    assertThat(list.status()).isEqualTo(404);
    assertThat(list.json().path("detail").asText()).isEqualTo("Not Found");
    Wire.Answer delete = Wire.beadhub(server.base(), "DELETE", "/v1/projects/" + projectId(), null, null, null);
    assertThat(delete.status()).isEqualTo(404);
    assertThat(delete.body()).doesNotContain("widgets");
  }

  /** §2.4 config-free mode: BEADHUB_URL + BEADHUB_API_KEY only → :status works (§8 all three calls). */
  @Test
  @Order(54)
  void statusInConfigFreeModeReadsWorkspacesReservationsAndEscalations() {
    JsonNode st = status(charlie);
    for (JsonNode w : arr(st, "workspaces")) {
      str(w, "workspace_id");
      str(w, "status");
      str(w, "apex_id");
      str(w, "apex_title");
      str(w, "apex_type");
      str(w, "focus_apex_repo_name");
      str(w, "focus_apex_branch");
      Wire.rfc3339OrNull(w, "last_seen");
      for (JsonNode c : arr(w, "claims")) {
        rfc3339(c, "claimed_at");
      }
    }
    arr(charlie.beadhub("GET", "/v1/reservations", Map.of("workspace_id", charlie.workspaceId), null).object(),
        "reservations");
    num(charlie.beadhub("GET", "/v1/status", null, null).object(), "escalations_pending");
  }

  // ------------------------------------------------------------------------------------------ helpers

  /** bdh :status step 1 — the workspace listing with claims and presence. */
  static JsonNode status(Bdh a) {
    return a.beadhub("GET", "/v1/workspaces", Map.of("include_claims", true, "include_presence", true, "limit", 50), null)
        .object();
  }

  static JsonNode workspace(JsonNode listing, String alias) {
    for (JsonNode w : arr(listing, "workspaces")) {
      if (str(w, "alias").equals(alias)) {
        return w;
      }
    }
    throw new AssertionError(alias + " not listed in " + listing);
  }

  static String projectId() {
    return alice.aw("GET", "/v1/auth/introspect", null).object().path("project_id").asText();
  }

  /** Signed proxy headers of a dashboard user acting as {@code actor} (spec 10 §5.2). */
  static Map<String, String> userProxy(String projectId, String userId, String actor) {
    return ProxyAuth.json(ProxyAuth.user(SECRET, projectId, userId, actor));
  }
}
