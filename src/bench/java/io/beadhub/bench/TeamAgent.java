package io.beadhub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One simulated agent: the HTTP calls of spec 70 for each command it runs. Command mix (per command):
 * 40 % read-only bd commands (a quarter of them {@code ready}, which adds the team view and the lock list),
 * 15 % {@code create}, 15 % claiming {@code update --status in_progress}, 10 % {@code close} of a held bead,
 * 5 % other updates, 10 % mail, 5 % chat send-and-wait. Every bdh invocation ends in the epilogue, where
 * the agent also answers chats waiting for it and, half the time, opens unread mail.
 */
final class TeamAgent {
  final TeamProject project;
  final String url;
  final String alias;
  private final TeamRun run;
  String key;
  String ws;
  private String repoId;
  private String canonical;
  private final List<String> claims = new ArrayList<>();
  private final List<String> locks = new ArrayList<>();
  private int unread;
  private int lockSeq;
  private TeamStream stream;

  TeamAgent(TeamProject project, String url, String alias, TeamRun run) {
    this.project = project;
    this.url = url;
    this.alias = alias;
    this.run = run;
  }

  /** {@code bdh :init} and, for the project's first agent, the repo's first (full) sync. */
  void join(boolean streams) throws Exception {
    Bench.TARGET.set(url);
    Bench.Resp r = call("init", "POST", "/v1/init", "{\"repo_origin\":\"" + project.origin + "\",\"alias\":\"" + alias
        + "\",\"human_name\":\"Human " + alias + "\",\"role\":\"agent\",\"project_slug\":\"" + project.slug
        + "\",\"hostname\":\"host-" + alias + "\",\"workspace_path\":\"/work/" + alias + "\"}");
    if (r.statusCode() != 200) {
      throw new IllegalStateException("init " + alias + ": " + r.statusCode() + " " + r.body());
    }
    key = Bench.field(r.body(), "api_key");
    ws = Bench.field(r.body(), "workspace_id");
    repoId = Bench.field(r.body(), "repo_id");
    canonical = Bench.field(r.body(), "canonical_origin");
    synchronized (project) {
      if (!project.baselined) {
        for (int i = 0; i < run.options.issues(); i++) {
          project.create(alias);
        }
        sync("full", project.file(), "sync");
        project.baselined = true;
      }
    }
    epilogue();
    if (streams) {
      stream = new TeamStream(url, "/v1/status/stream?workspace_id=" + ws, key, run);
    }
  }

  void leave() {
    if (stream != null) {
      stream.close();
    }
  }

  /** Runs commands until {@code run.stopping()}: exponential think time, one in five starting a burst. */
  void live() {
    Bench.TARGET.set(url);
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    int burst = 0;
    while (!run.stopping()) {
      long wait = burst > 0 ? 1_000 + rnd.nextLong(2_000)
          : (long) (-Math.log(1 - rnd.nextDouble()) * run.options.commandSeconds() * 1_000);
      if (!run.sleepUnlessStopping(wait)) {
        return;
      }
      if (burst > 0) {
        burst--;
      } else if (rnd.nextInt(5) == 0) {
        burst = 2 + rnd.nextInt(3);
      }
      try {
        command(rnd.nextInt(100));
        run.window().commands.incrementAndGet();
      } catch (Exception e) {
        run.window().of("unexpected").fail(-1);
      }
    }
  }

  private void command(int dice) throws Exception {
    if (unread > 0 && Team.chance(0.5)) {
      openMail();
    } else if (dice < 40) {
      read(dice < 10);
    } else if (dice < 55) {
      create();
    } else if (dice < 70) {
      claim();
    } else if (dice < 80 && !claims.isEmpty()) {
      close();
    } else if (dice < 85 && !claims.isEmpty()) {
      String id = Team.pick(claims);
      if (preflight("update " + id + " --priority 1", "preflight-read")) {
        sync("incremental", project.update(id, "in_progress", alias), "sync-incr");
      }
    } else if (dice < 95) {
      sendMail();
    } else if (dice < 100 && project.agents.size() > 1) {
      chat();
    } else {
      read(false);
    }
    epilogue();
  }

  private void read(boolean ready) throws Exception {
    preflight(ready ? "ready" : Team.chance(0.5) ? "list --status open" : "show " + project.prefix + "-1",
        "preflight-read");
    if (ready) {
      call("team-view", "GET", "/v1/workspaces/team?always_include_workspace_id=" + ws
          + "&include_claims=true&include_presence=true&limit=16&only_with_claims=false", null);
      call("locks-list", "GET", "/v1/reservations", null);
    }
  }

  private void create() throws Exception {
    if (!preflight("create New task -t task", "preflight-read")) {
      return;
    }
    autoReserve();
    String id = project.create(alias);
    sync("incremental", project.lines.get(id), "sync-add");
  }

  private void claim() throws Exception {
    String id = project.takeOpen();
    if (id == null) {
      read(false);
      return;
    }
    if (!preflight("update " + id + " --status in_progress", "preflight-claim")) {
      project.putBack(id);
      return;
    }
    claims.add(id);
    autoReserve();
    sync("incremental", project.update(id, "in_progress", alias), "sync-incr");
  }

  private void close() throws Exception {
    String id = claims.remove(ThreadLocalRandom.current().nextInt(claims.size()));
    if (preflight("close " + id, "preflight-read")) {
      sync("incremental", project.update(id, "closed", alias), "sync-incr");
      locks.retainAll(listedAsMine());
      if (!locks.isEmpty()) {
        call("lock-release", "POST", "/v1/reservations/release", "{\"resource_key\":\"" + locks.remove(0) + "\"}");
      }
    }
  }

  /**
   * Spec 70 §4.3: list the locks, renew the ones the list shows as this agent's (a lock left alone for 300 s
   * expires, and another agent may hold it since),
   * take one new file (a tenth of them shared, so some conflict).
   */
  private void autoReserve() throws Exception {
    locks.retainAll(listedAsMine()); // expired (perhaps taken by someone else since): acquired again below
    for (String held : locks) {
      call("lock-renew", "POST", "/v1/reservations/renew", "{\"resource_key\":\"" + held + "\",\"ttl_seconds\":300}");
    }
    String file = Team.chance(0.1) ? "src/shared/File" + ThreadLocalRandom.current().nextInt(20) + ".java"
        : "src/" + alias + "/File" + (++lockSeq) + ".java";
    Bench.Resp r = call("lock", "POST", "/v1/reservations", "{\"resource_key\":\"" + file
        + "\",\"ttl_seconds\":300,\"metadata\":{\"reason\":\"auto-reserve\"}}", 409);
    if (r.statusCode() == 201 || r.statusCode() == 200) {
      locks.add(file);
    }
    while (locks.size() > 3) {
      call("lock-release", "POST", "/v1/reservations/release", "{\"resource_key\":\"" + locks.remove(0) + "\"}");
    }
  }

  /** The lock list, as bdh reads it: the keys whose holder is this agent. */
  private java.util.Set<String> listedAsMine() {
    java.util.Set<String> mine = new java.util.HashSet<>();
    for (String entry : call("locks-list", "GET", "/v1/reservations", null).body().split("\\},\\{")) {
      java.util.regex.Matcher m = RESOURCE_KEY.matcher(entry);
      if (m.find() && entry.contains("\"holder_alias\":\"" + alias + "\"")) {
        mine.add(m.group(1));
      }
    }
    return mine;
  }

  private void sendMail() throws Exception {
    TeamAgent peer = peer();
    call("mail-send", "POST", "/v1/messages", "{\"to_alias\":\"" + peer.alias + "\",\"subject\":\"status\",\"body\":\""
        + "I finished my part of " + project.prefix + "-1; can you take the review?\",\"priority\":\"normal\"}");
  }

  private void openMail() throws Exception {
    Bench.Resp r = call("inbox-open", "GET", "/v1/messages/inbox?unread_only=true&limit=200", null);
    java.util.regex.Matcher m = MESSAGE_ID.matcher(r.body());
    for (int i = 0; i < 5 && m.find(); i++) {
      call("mail-ack", "POST", "/v1/messages/" + m.group(1) + "/ack", null);
    }
  }

  /** {@code aw chat send <peer> … --wait}: send, then wait on the session's stream for the peer's answer. */
  private void chat() throws Exception {
    TeamAgent peer = peer();
    String after = java.time.Instant.now().minusMillis(1).toString();
    Bench.Resp r = call("chat-send", "POST", "/v1/chat/sessions", "{\"to_aliases\":[\"" + peer.alias
        + "\"],\"message\":\"Are you touching the parser? I need it for " + project.prefix + "-2.\"}");
    if (r.statusCode() != 200) {
      return;
    }
    String session = Bench.field(r.body(), "session_id");
    long t0 = System.nanoTime();
    long deadline = System.currentTimeMillis() + 60_000;
    String path = "/v1/chat/sessions/" + session + "/stream?deadline="
        + java.time.Instant.ofEpochMilli(deadline).truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "&after=" + after;
    boolean answered;
    try {
      answered = TeamStream.awaitMessage(url, path, key, d -> d.contains("\"from_agent\":\"" + peer.alias + "\""),
          deadline);
    } catch (java.io.IOException e) {
      run.window().of("chat-reply-wait").fail(-1);
      return;
    }
    if (answered) {
      run.window().of("chat-reply-wait").add(System.nanoTime() - t0);
    } else {
      run.window().chatTimeouts.incrementAndGet();
    }
  }

  /** Spec 70 §3, and what the agent does with it: answer waiting chats, remember unread mail. */
  private void epilogue() throws Exception {
    call("register", "POST", "/v1/agents/register", "{\"workspace_id\":\"" + ws + "\",\"alias\":\"" + alias
        + "\",\"human_name\":\"Human " + alias + "\",\"project_slug\":\"" + project.slug + "\",\"repo_id\":\"" + repoId
        + "\",\"repo_origin\":\"" + project.origin + "\",\"canonical_origin\":\"" + canonical + "\",\"hostname\":\"host-"
        + alias + "\",\"workspace_path\":\"/work/" + alias + "\",\"program\":\"claude-code\",\"repo\":\"" + canonical
        + "\",\"branch\":\"" + alias + "\",\"role\":\"agent\"}");
    Bench.Resp pending = call("chat-pending", "GET", "/v1/chat/pending", null);
    Bench.Resp inbox = call("inbox-unread", "GET", "/v1/messages/inbox?unread_only=true&limit=500", null);
    call("workspaces-host", "GET", "/v1/workspaces?hostname=host-" + alias + "&include_presence=false", null);
    unread = count(inbox.body(), "\"message_id\"");
    java.util.regex.Matcher m = SENDER_WAITING.matcher(pending.body());
    for (int i = 0; i < 2 && m.find(); i++) {
      String session = m.group(1);
      Bench.Resp msgs = call("chat-read", "GET", "/v1/chat/sessions/" + session + "/messages?unread_only=true&limit=1000",
          null);
      java.util.regex.Matcher id = MESSAGE_ID.matcher(msgs.body());
      String last = null;
      while (id.find()) {
        last = id.group(1);
      }
      if (last != null) {
        call("chat-mark-read", "POST", "/v1/chat/sessions/" + session + "/read", "{\"up_to_message_id\":\"" + last + "\"}");
      }
      call("chat-reply", "POST", "/v1/chat/sessions/" + session + "/messages", "{\"body\":\"No, go ahead.\"}");
    }
  }

  private boolean preflight(String command, String name) throws Exception {
    Bench.Resp r = call(name, "POST", "/v1/bdh/command", identity(command) + "}");
    return r.statusCode() == 200 && r.body().contains("\"approved\":true");
  }

  private void sync(String mode, String jsonl, String name) throws Exception {
    String field = mode.equals("full") ? "issues_jsonl" : "changed_issues";
    Bench.Resp r = call(name, "POST", "/v1/bdh/sync", identity("sync") + ",\"sync_mode\":\"" + mode + "\",\"" + field + "\":"
        + SyncScenarios.quote(jsonl) + ",\"sync_protocol_version\":1}", 409);
    if (r.statusCode() == 409) {
      sync("full", project.file(), "sync");
    }
  }

  private String identity(String command) {
    return "{\"workspace_id\":\"" + ws + "\",\"repo_id\":\"" + repoId + "\",\"alias\":\"" + alias + "\",\"human_name\":\"Human "
        + alias + "\",\"repo_origin\":\"" + project.origin + "\",\"role\":\"agent\",\"command_line\":\"" + command + "\"";
  }

  private TeamAgent peer() {
    List<TeamAgent> all = project.agents;
    TeamAgent p;
    do {
      p = all.get(ThreadLocalRandom.current().nextInt(all.size()));
    } while (p == this && all.size() > 1);
    return p;
  }

  /** One timed call; statuses in {@code expected} are counted apart, not as errors. */
  private Bench.Resp call(String name, String method, String path, String body, int... expected) {
    Team.CallStats stats = run.window().of(name);
    long t0 = System.nanoTime();
    Bench.Resp r;
    try {
      r = Bench.Conn.current().send(method, path, body, key);
    } catch (Exception e) {
      r = new Bench.Resp(-1, "");
    }
    stats.add(System.nanoTime() - t0);
    int s = r.statusCode();
    if (s < 200 || s >= 300) {
      if (java.util.Arrays.stream(expected).anyMatch(x -> x == s)) {
        stats.expected.incrementAndGet();
      } else {
        stats.fail(s);
      }
    }
    return r;
  }

  private static final java.util.regex.Pattern MESSAGE_ID =
      java.util.regex.Pattern.compile("\"message_id\":\"([0-9a-f-]{36})\"");
  private static final java.util.regex.Pattern SENDER_WAITING =
      java.util.regex.Pattern.compile("\"session_id\":\"([0-9a-f-]{36})\"[^{}]*?\"sender_waiting\":true");
  private static final java.util.regex.Pattern RESOURCE_KEY =
      java.util.regex.Pattern.compile("\"resource_key\":\"([^\"]*)\"");

  private static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
