package io.beadhub.e2e;

import static io.beadhub.e2e.Wire.arr;
import static io.beadhub.e2e.Wire.bool;
import static io.beadhub.e2e.Wire.num;
import static io.beadhub.e2e.Wire.obj;
import static io.beadhub.e2e.Wire.str;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * One agent's bdh, as spec 70 describes it: its {@code .beadhub} values, its key, its local bd data
 * (the JSONL export, id → line in file order) and {@code .beadhub-cache/sync-state.json}. Every
 * command returns the lines bdh would print, built from what it reads off the wire.
 */
final class Bdh {
  private static final ObjectMapper SORTED = Json.MAPPER.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  private static final Set<String> MUTATING = Set.of("create", "close", "update", "delete", "reopen", "dep", "sync");

  final String base;
  String key;
  String workspaceId;
  String alias;
  String humanName;
  String projectSlug;
  String repoId;
  String repoOrigin;
  String canonicalOrigin;
  String role;
  final String hostname;
  final Path workspacePath;
  /** The agent's {@code .beads/issues.jsonl}: id → line, in file order. */
  final LinkedHashMap<String, String> jsonl = new LinkedHashMap<>();
  /** {@code sync-state.json}. */
  Map<String, String> issueHashes = new HashMap<>();
  long protocolVersion;
  /** Every request made by the last command, as {@code METHOD path status} (for order assertions). */
  final List<String> trace = new ArrayList<>();
  /** The body of the last sync request sent (the retry's, after a 409). */
  Map<String, Object> lastSyncBody;

  Bdh(String base, String hostname, Path workspacePath) {
    this.base = base;
    this.hostname = hostname;
    this.workspacePath = workspacePath;
  }

  // ---------------------------------------------------------------- transport with a trace

  Wire.Answer beadhub(String method, String path, Map<String, ?> query, Object body) {
    return beadhub(method, path, query, body, Map.of());
  }

  Wire.Answer beadhub(String method, String path, Map<String, ?> query, Object body, Map<String, String> headers) {
    Wire.Answer a = Wire.beadhub(base, method, path, query, body, key, headers);
    trace.add(method + " " + path + Wire.sortedQuery(query) + " " + a.status());
    return a;
  }

  Wire.Answer aw(String method, String pathAndQuery, Object body) {
    Wire.Answer a = Wire.aw(base, method, pathAndQuery, body, key);
    trace.add(method + " " + pathAndQuery + " " + a.status());
    return a;
  }

  // ---------------------------------------------------------------- :init (§6.1)

  /** Inputs of {@code bdh :init}: flag/env values; null = not given. */
  record InitInput(String alias, String project, String role, String human, String repoOrigin, String email,
      String dirName) {
  }

  /** {@code bdh :init}; returns the printed lines. Fills this agent's .beadhub values. */
  List<String> init(InitInput in) {
    trace.clear();
    List<String> out = new ArrayList<>();
    String roleValue = in.role() == null ? "agent" : in.role();
    String alias = in.alias();
    boolean suggested = false;
    if (alias == null) {
      Wire.Answer s = in.project() != null
          ? Wire.beadhub(base, "POST", "/v1/agents/suggest-alias-prefix", null, Map.of("project_slug", in.project()), null)
          : Wire.beadhub(base, "POST", "/v1/workspaces/suggest-name-prefix", null, Map.of("origin_url", in.repoOrigin()), null);
      trace.add("POST " + (in.project() != null ? "/v1/agents/suggest-alias-prefix" : "/v1/workspaces/suggest-name-prefix")
          + " " + s.status());
      String prefix;
      if (s.status() == 404) {
        prefix = "alice";
      } else {
        assertThat(s.ok()).as("failed to get alias suggestion: %s", s).isTrue();
        prefix = str(s.object(), "name_prefix");
      }
      alias = prefix + "-" + roleValue.replace(' ', '-');
      suggested = true;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("repo_origin", in.repoOrigin());
    body.put("alias", alias);
    body.put("human_name", in.human() == null ? "developer" : in.human());
    body.put("role", roleValue);
    if (in.project() != null) {
      body.put("project_slug", in.project());
    }
    body.put("hostname", hostname);
    body.put("workspace_path", workspacePath.toString());
    if (in.email() != null) {
      body.put("email", in.email());
    }
    Wire.Answer r = initCall(body);
    if (!r.ok() && r.body().contains("project_not_found") && !body.containsKey("project_slug")) {
      body.put("project_slug", in.dirName().toLowerCase().replaceAll("[^a-z0-9-]", "-"));
      r = initCall(body);
    }
    if (!r.ok() && r.body().contains("alias_exists")) {
      if (!suggested) {
        out.add("alias '" + alias + "' is already taken. Use --alias to specify a different one");
        return out;
      }
      body.remove("alias");
      r = initCall(body);
    }
    if (!r.ok()) {
      out.add("failed to initialize workspace: BeadHub error (status " + r.status() + "): " + r.body());
      return out;
    }
    JsonNode j = r.object();
    // Response validation bdh applies before writing .beadhub (§6.1 step 2, §2.1).
    this.key = str(j, "api_key");
    assertThat(key).startsWith("aw_sk_").hasSizeGreaterThanOrEqualTo(38);
    this.workspaceId = str(j, "workspace_id");
    assertThat(workspaceId).matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    this.projectSlug = str(j, "project_slug");
    assertThat(projectSlug).matches("^[a-z0-9][a-z0-9-]*$");
    this.repoId = str(j, "repo_id");
    assertThat(repoId).matches("^$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    this.canonicalOrigin = str(j, "canonical_origin");
    assertThat(canonicalOrigin).matches("^[a-z0-9.-]+/[A-Za-z0-9._-]+/[A-Za-z0-9._-]+$");
    this.alias = str(j, "alias");
    assertThat(this.alias).matches("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$");
    this.humanName = (String) body.get("human_name");
    assertThat(humanName).matches("^[A-Za-z][A-Za-z0-9 '\\-]{0,63}$");
    this.repoOrigin = in.repoOrigin();
    this.role = roleValue;
    str(j, "status");
    str(j, "created_at");
    str(j, "project_id");
    str(j, "agent_id");
    bool(j, "created");
    if (bool(j, "workspace_created")) {
      out.add("(new workspace registered)");
    }
    out.addAll(epilogue());
    return out;
  }

  private Wire.Answer initCall(Map<String, Object> body) {
    Wire.Answer a = Wire.beadhub(base, "POST", "/v1/init", null, body, null);
    trace.add("POST /v1/init " + a.status());
    return a;
  }

  // ---------------------------------------------------------------- the epilogue (§3)

  /** The calls after every invocation; errors ignored; returns the notification lines. */
  List<String> epilogue() {
    List<String> out = new ArrayList<>();
    Map<String, Object> reg = new LinkedHashMap<>();
    reg.put("workspace_id", workspaceId);
    reg.put("alias", alias);
    reg.put("human_name", humanName);
    reg.put("project_slug", projectSlug);
    if (!repoId.isEmpty()) {
      reg.put("repo_id", repoId);
    }
    reg.put("repo_origin", repoOrigin);
    reg.put("canonical_origin", canonicalOrigin);
    reg.put("hostname", hostname);
    reg.put("workspace_path", workspacePath.toString());
    reg.put("program", "claude-code");
    reg.put("repo", canonicalOrigin);
    reg.put("branch", "main");
    reg.put("role", role);
    Wire.Answer a = beadhub("POST", "/v1/agents/register", null, reg);
    if (a.ok()) {
      obj(a.object(), "agent");
      obj(a.object(), "workspace");
    }
    Wire.Answer pending = aw("GET", "/v1/chat/pending", null);
    if (pending.ok()) {
      Set<String> urgent = new TreeSet<>();
      int other = 0;
      for (JsonNode p : arr(pending.object(), "pending")) {
        str(p, "session_id");
        arr(p, "participants").forEach(x -> assertThat(x.isTextual()).isTrue());
        str(p, "last_message");
        num(p, "unread_count");
        str(p, "last_activity");
        if (bool(p, "sender_waiting")) {
          urgent.add(str(p, "last_from"));
        } else {
          other++;
        }
      }
      urgent.forEach(u -> out.add("URGENT: " + u + " is waiting for your reply"));
      if (other > 0) {
        out.add("CHAT: " + other + " conversation(s) with unread messages");
      }
    }
    Wire.Answer inbox = aw("GET", "/v1/messages/inbox?unread_only=true&limit=500", null);
    if (inbox.ok()) {
      int unread = arr(inbox.object(), "messages").size();
      if (unread > 0) {
        out.add("MAIL: " + unread + " unread");
      }
    }
    Wire.Answer ws = beadhub("GET", "/v1/workspaces", Map.of("hostname", hostname, "include_presence", false), null);
    if (ws.ok()) {
      List<String> cleaned = new ArrayList<>();
      for (JsonNode w : arr(ws.object(), "workspaces")) {
        String id = str(w, "workspace_id");
        String path = str(w, "workspace_path");
        if (!path.isEmpty() && !id.equals(workspaceId) && !Files.exists(Path.of(path))) {
          Wire.Answer d = beadhub("DELETE", "/v1/workspaces/" + id, null, null);
          if (d.ok() || d.status() == 404) {
            cleaned.add("  " + str(w, "alias") + " (" + path + ")");
          }
        }
      }
      if (!cleaned.isEmpty()) {
        out.add("Cleaned up gone workspaces:");
        out.addAll(cleaned);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- passthrough (§4, §5)

  /** A bd command with its effect on the local data (null for read-only commands). */
  record Command(String line, Consumer<LinkedHashMap<String, String>> bd, String jumpIn) {
  }

  /** What a passthrough printed and what bdh decided. */
  record Outcome(List<String> out, boolean bdRan, JsonNode preflight, JsonNode sync, int exitCode) {
    String first() {
      return out.isEmpty() ? "" : out.get(0);
    }
  }

  Outcome run(String commandLine, Consumer<LinkedHashMap<String, String>> bd) {
    return run(new Command(commandLine, bd, null));
  }

  Outcome run(Command c) {
    trace.clear();
    List<String> out = new ArrayList<>();
    Map<String, Object> pf = identity();
    pf.put("command_line", c.line());
    Wire.Answer a = beadhub("POST", "/v1/bdh/command", null, pf);
    JsonNode preflight = null;
    String[] args = c.line().split(" ");
    if (a.status() == 410) {
      out.add("workspace was deleted. Run 'bdh :init' to re-register");
      out.addAll(epilogue());
      return new Outcome(out, false, null, null, 1);
    }
    if (!a.ok()) {
      out.add("Warning: BeadHub error (" + a.status() + ") - running without coordination");
    } else {
      preflight = a.object();
      boolean approved = bool(preflight, "approved");
      String reason = str(preflight, "reason");
      JsonNode context = preflight.path("context");
      // §4.1: the client dereferences context.beads_in_progress without a nil check on the jump-in path.
      assertThat(context.isObject()).as("context must be an object: %s", preflight).isTrue();
      JsonNode inProgress = context.path("beads_in_progress");
      assertThat(inProgress.isArray()).as("beads_in_progress must be an array: %s", preflight).isTrue();
      num(context, "messages_waiting");
      for (JsonNode b : inProgress) {
        str(b, "bead_id");
        str(b, "workspace_id");
        str(b, "alias");
        str(b, "human_name");
        Wire.rfc3339(b, "started_at");
        str(b, "title");
        str(b, "role");
      }
      if (!approved && c.jumpIn() == null) {
        out.add("REJECTED: " + reason);
        out.add("Beads in progress:");
        for (JsonNode b : inProgress) {
          String title = str(b, "title");
          out.add("  " + str(b, "bead_id") + " — " + str(b, "alias") + " (" + str(b, "human_name") + ")"
              + (title.isEmpty() ? "" : " — \"" + title + "\""));
        }
        return new Outcome(out, false, preflight, null, 1);
      }
      if (approved && args[0].equals("close") && c.jumpIn() == null && args.length > 1) {
        List<String> others = new ArrayList<>();
        for (JsonNode b : inProgress) {
          if (str(b, "bead_id").equals(args[1]) && !str(b, "workspace_id").equals(workspaceId)) {
            others.add(str(b, "alias") + " (" + str(b, "human_name") + ")");
          }
        }
        if (!others.isEmpty()) {
          out.add("REJECTED: " + args[1] + " has active claims by: " + String.join(", ", others)
              + ". Use --:jump-in \"reason\" to close anyway and notify them.");
          return new Outcome(out, false, preflight, null, 1);
        }
      }
    }
    if (c.bd() != null) {
      c.bd().accept(jsonl);
    }
    JsonNode sync = null;
    if (MUTATING.contains(args[0])) {
      SyncResult s = sync(c.line());
      sync = s.body;
      out.add(s.line);
    }
    if (preflight != null && c.jumpIn() != null && (args[0].equals("update") || args[0].equals("close"))) {
      for (JsonNode b : preflight.path("context").path("beads_in_progress")) {
        if (str(b, "bead_id").equals(args[1]) && !str(b, "workspace_id").equals(workspaceId)) {
          aw("POST", "/v1/messages", Map.of("to_agent_id", str(b, "workspace_id"),
              "body", alias + " is joining work on " + args[1] + ": " + c.jumpIn()));
        }
      }
    }
    out.addAll(epilogue());
    return new Outcome(out, true, preflight, sync, 0);
  }

  private Map<String, Object> identity() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("workspace_id", workspaceId);
    if (!repoId.isEmpty()) {
      m.put("repo_id", repoId);
    }
    m.put("alias", alias);
    m.put("human_name", humanName);
    m.put("repo_origin", repoOrigin);
    if (role != null && !role.isEmpty()) {
      m.put("role", role);
    }
    return m;
  }

  record SyncResult(String line, JsonNode body, int status) {
  }

  /** §5: full iff the stored hash map is empty; 409 → one full retry. */
  SyncResult sync(String commandLine) {
    Map<String, String> now = new LinkedHashMap<>();
    jsonl.forEach((id, line) -> now.put(id, hash(line)));
    boolean full = issueHashes.isEmpty();
    Map<String, Object> body;
    if (full) {
      body = syncBody(commandLine, true, now);
    } else {
      body = syncBody(commandLine, false, now);
      if (body == null) {
        return new SyncResult("", null, 0);
      }
    }
    lastSyncBody = body;
    Wire.Answer a = beadhub("POST", "/v1/bdh/sync", null, body);
    if (a.status() == 409 && !full) {
      lastSyncBody = syncBody(commandLine, true, now);
      a = beadhub("POST", "/v1/bdh/sync", null, lastSyncBody);
    }
    if (!a.ok()) {
      return new SyncResult("sync failed (" + a.status() + ") - changes saved locally only", null, a.status());
    }
    JsonNode j = a.object();
    assertThat(bool(j, "synced")).isTrue();
    num(j, "issues_count");
    JsonNode stats = obj(j, "stats");
    long version = num(j, "sync_protocol_version");
    if (version > 0) {
      protocolVersion = version;
    }
    issueHashes = now;
    List<String> parts = new ArrayList<>();
    if (num(stats, "inserted") > 0) {
      parts.add("+" + num(stats, "inserted") + " inserted");
    }
    if (num(stats, "updated") > 0) {
      parts.add("~" + num(stats, "updated") + " updated");
    }
    if (num(stats, "deleted") > 0) {
      parts.add("-" + num(stats, "deleted") + " deleted");
    }
    num(stats, "received");
    return new SyncResult("SYNC: " + String.join(", ", parts), j, a.status());
  }

  /** The sync body; null for an incremental sync with nothing to send (no request at all). */
  private Map<String, Object> syncBody(String commandLine, boolean full, Map<String, String> now) {
    Map<String, Object> m = identity();
    if (commandLine != null && !commandLine.isEmpty()) {
      m.put("command_line", commandLine);
    }
    if (full) {
      m.put("sync_mode", "full");
      m.put("issues_jsonl", String.join("\n", jsonl.values()) + "\n");
    } else {
      List<String> changed = new ArrayList<>();
      jsonl.forEach((id, line) -> {
        if (!now.get(id).equals(issueHashes.get(id))) {
          changed.add(line);
        }
      });
      TreeSet<String> deleted = new TreeSet<>(issueHashes.keySet());
      deleted.removeAll(now.keySet());
      if (changed.isEmpty() && deleted.isEmpty()) {
        return null;
      }
      m.put("sync_mode", "incremental");
      if (!changed.isEmpty()) {
        m.put("changed_issues", String.join("\n", changed));
      }
      if (!deleted.isEmpty()) {
        m.put("deleted_ids", List.copyOf(deleted));
      }
    }
    m.put("sync_protocol_version", protocolVersion); // 0 until the server has answered once
    return m;
  }

  /** {@code bdh :force-sync}: drop the state, full sync without command line, protocol version 0. */
  SyncResult forceSync() {
    trace.clear();
    issueHashes = new HashMap<>();
    protocolVersion = 0;
    return sync(null);
  }

  static String hash(String line) {
    try {
      Object tree = SORTED.readValue(line, Object.class);
      byte[] d = MessageDigest.getInstance("SHA-256").digest(SORTED.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8));
      return "v1:" + HexFormat.of().formatHex(d);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- local bd edits

  static String edit(String line, Consumer<ObjectNode> change) {
    ObjectNode n = (ObjectNode) Json.tree(line);
    change.accept(n);
    return Json.string(n);
  }

  static Consumer<LinkedHashMap<String, String>> setStatus(String id, String status) {
    return db -> db.computeIfPresent(id, (k, line) -> edit(line, n -> {
      n.put("status", status);
      n.put("updated_at", java.time.OffsetDateTime.now().toString());
      if (status.equals("closed")) {
        n.put("closed_at", java.time.OffsetDateTime.now().toString());
      }
    }));
  }

  static Consumer<LinkedHashMap<String, String>> tombstone(String id, String by) {
    return db -> db.computeIfPresent(id, (k, line) -> edit(line, n -> {
      n.put("original_type", n.path("issue_type").asText());
      n.put("status", "tombstone");
      n.put("deleted_at", java.time.OffsetDateTime.now().toString());
      n.put("deleted_by", by);
      n.put("delete_reason", "delete");
      n.put("updated_at", java.time.OffsetDateTime.now().toString());
    }));
  }

  static Consumer<LinkedHashMap<String, String>> create(String id, String title, String type) {
    return db -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("title", title);
      m.put("status", "open");
      m.put("priority", 2);
      m.put("issue_type", type);
      m.put("created_at", java.time.OffsetDateTime.now().toString());
      m.put("updated_at", java.time.OffsetDateTime.now().toString());
      db.put(id, Json.string(m));
    };
  }
}
