package io.beadhub.reliability;

import io.beadhub.http.Router;
import io.beadhub.testing.ProxyAuth;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Malformed requests for one route, drawn from a seeded {@link Random}. The field and parameter names
 * below are a dictionary to draw from (what the routes read), not a contract: a field no route reads is
 * ignored, and unknown names are drawn too. Plausible values (the caller's own workspace, alias, repo)
 * are mixed in so that requests get past the first checks into the code behind them.
 */
final class FuzzInput {
  /** Who the request claims to be. */
  record Identity(String key, String projectId, String agentId, String workspaceId, String alias,
                  String namespace, String secret) {
  }

  record Request(String method, String target, Map<String, String> headers, byte[] body) {
    @Override
    public String toString() {
      String b = body == null ? "<none>" : new String(body, 0, Math.min(body.length, 600), StandardCharsets.UTF_8)
          + (body.length > 600 ? "… (" + body.length + " bytes)" : "");
      String t = target.length() > 300 ? target.substring(0, 300) + "… (" + target.length() + " chars)" : target;
      return method + " " + t + " " + headers.keySet() + " body " + b;
    }
  }

  static final String ORIGIN = "git@github.com:fuzz/fuzz-repo.git";
  static final String REPO = "github.com/fuzz/fuzz-repo";

  private static final List<String> FIELDS = List.of("access_mode", "adapters", "agent_type", "alias", "bead_id",
      "body", "branch", "bundle", "changed_issues", "command_line", "confirm", "current_branch", "custody",
      "deleted_ids", "did", "event_types", "expires_in_hours", "from_did", "hang_on", "hostname", "human_name",
      "issues", "issues_jsonl", "leaving", "lifetime", "member_email", "message", "message_id", "metadata", "model",
      "new_did", "new_public_key", "note", "options", "origin_url", "prefix", "priority", "program", "project_id",
      "project_name", "project_slug", "public_key", "records", "repo", "repo_id", "repo_origin", "resource_key",
      "response", "retirement_proof", "role", "rotation_signature", "signature", "signing_key_id", "situation",
      "subject", "successor_agent_id", "sync_mode", "sync_protocol_version", "task_description", "thread_id",
      "timestamp", "timezone", "to_agent_id", "to_alias", "to_aliases", "to_did", "ttl_seconds", "up_to_message_id",
      "workspace_id", "workspace_path", "base_policy_id", "created_by_workspace_id", "from_stable_id", "to_stable_id",
      "up_to", "x-unknown");
  private static final List<String> QUERY = List.of("after", "agent", "alias", "always_include_workspace_id",
      "assignee", "bead_id", "branch", "created_by", "cursor", "deadline", "event_types", "fields", "from_alias",
      "full", "hostname", "human_name", "include_cc", "include_claimed", "include_claims", "include_deleted",
      "include_ephemeral", "include_presence", "include_removed", "kind", "label", "label_prefix", "last_event_id",
      "limit", "max_depth", "older_than_seconds", "only_selected", "only_with_claims", "parent", "path_prefix",
      "prefix", "priority", "project_id", "q", "repo", "repo_id", "role", "sort", "status", "thread_id", "type",
      "unassigned", "unread_only", "workspace_id", "zz-unknown");
  private static final List<String> BAD_SEGMENTS = List.of("%00", "a%00b", "%zz", "%", "%ED%A0%80", "%C3%28",
      "%F0%9F%98%80", "..", "%2e%2e", "%2F", "a%2Fb", "%20", "-1", "0", "null", "true", "%7B%7D", "%22",
      "urn:uuid:" + UUID.randomUUID(), "{" + UUID.randomUUID() + "}", "00000000-0000-0000-0000-000000000000",
      "bd-1", "bd-1.2", "a:b", "x".repeat(300), "y".repeat(5_000), "%E2%80%A8", "%C0%AF", "\u00e9");
  private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");

  private final Random rnd;
  private final Identity me;

  FuzzInput(Random rnd, Identity me) {
    this.rnd = rnd;
    this.me = me;
  }

  /**
   * Half the requests are wild (anything anywhere); the other half are deep: the caller's own key, real
   * ids in the path and a plausible body with one or two wrong fields, so they reach the code behind the
   * first checks.
   */
  Request next(Router.Route route) {
    boolean deep = rnd.nextBoolean();
    String target = path(route.path(), deep) + query(deep);
    if (!deep && rnd.nextInt(40) == 0) {
      target = mangle(target);
    }
    Map<String, String> headers = deep ? new LinkedHashMap<>(Map.of("Authorization", "Bearer " + me.key()))
        : credentials();
    if (rnd.nextInt(3) == 0) {
      headers.put("Content-Type", pick(List.of("application/json", "text/plain", "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x", "application/json; charset=latin1", "*/*")));
    }
    byte[] body = null;
    boolean sendsBody = !route.method().equals("GET") && !route.method().equals("DELETE");
    if (sendsBody ? rnd.nextInt(10) != 0 : rnd.nextInt(10) == 0) {
      body = deep ? plausible(route).getBytes(StandardCharsets.UTF_8) : body(route);
    }
    return new Request(route.method(), target, headers, body);
  }

  private String path(String pattern, boolean deep) {
    Matcher m = PARAM.matcher(pattern);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(segment(m.group(1), deep)));
    }
    m.appendTail(out);
    if (rnd.nextInt(20) == 0) {
      out.append('/');
    }
    return out.toString();
  }

  private String segment(String param, boolean deep) {
    if (rnd.nextInt(deep ? 12 : 3) == 0) {
      return pick(BAD_SEGMENTS);
    }
    return switch (param) {
      case "workspace_id", "agent_id" -> deep || rnd.nextBoolean() ? me.workspaceId() : UUID.randomUUID().toString();
      case "namespace" -> deep || rnd.nextBoolean() ? me.namespace() : word();
      case "alias" -> deep || rnd.nextBoolean() ? me.alias() : word();
      case "address" -> me.namespace() + "%2F" + me.alias();
      case "bead_id" -> "fz-" + rnd.nextInt(20);
      default -> UUID.randomUUID().toString();
    };
  }

  private String query(boolean deep) {
    int n = rnd.nextInt(4);
    if (n == 0) {
      return "";
    }
    StringBuilder q = new StringBuilder("?");
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        q.append('&');
      }
      String name = !deep && rnd.nextInt(15) == 0 ? pick(BAD_SEGMENTS) : pick(QUERY);
      q.append(name).append('=').append(deep && rnd.nextInt(4) != 0 ? plausibleQuery(name) : queryValue());
    }
    return q.toString();
  }

  private String plausibleQuery(String name) {
    return switch (name) {
      case "workspace_id" -> me.workspaceId();
      case "repo" -> REPO;
      case "branch" -> "main";
      case "alias", "assignee", "agent", "from_alias" -> me.alias();
      case "limit" -> String.valueOf(1 + rnd.nextInt(50));
      case "status" -> "open";
      case "bead_id", "parent" -> "fz-" + rnd.nextInt(30);
      case "deadline", "after" -> "2026-03-01T10:00:00Z";
      default -> pick(List.of("true", "false", "1", word()));
    };
  }

  private String queryValue() {
    return switch (rnd.nextInt(16)) {
      case 0 -> "%00";
      case 1 -> "a%00b";
      case 2 -> "%ED%A0%80";
      case 3 -> "x".repeat(1 + rnd.nextInt(9_000));
      case 4 -> "-1";
      case 5 -> "99999999999999999999";
      case 6 -> pick(List.of("true", "false", "yes", "maybe", "1", "0", "on"));
      case 7 -> cursor();
      case 8 -> "2026-03-01T10:00:00Z";
      case 9 -> "2026-13-45T99:99:99";
      case 10 -> me.workspaceId();
      case 11 -> REPO;
      case 12 -> "%zz";
      case 13 -> "";
      case 14 -> pick(List.of("open", "closed", "bead", "message", "full", "basic", "hybrid", "a,b,,c"));
      default -> word();
    };
  }

  /** A base64url cursor around JSON that is wrong in some way. */
  private String cursor() {
    String json = switch (rnd.nextInt(6)) {
      case 0 -> "{\"sort_time\":\"2026-03-01T10:00:00Z\",\"priority\":1,\"bead_id\":\"a\\u0000b\",\"repo\":\"r\"}";
      case 1 -> "{\"created_at\":\"2026-03-01T10:00:00+00:00\",\"id\":\"\\ud800\"}";
      case 2 -> "{\"sort_time\":\"bad\",\"priority\":1e999,\"bead_id\":[]}";
      case 3 -> "[1,2]";
      case 4 -> "{\"alias\":\"" + "z".repeat(3_000) + "\",\"workspace_id\":\"x\"}";
      default -> "{\"updated_at\":\"2026-03-01T10:00:00Z\",\"priority\":\"x\",\"repo\":null,\"bead_id\":\"\\u0000\"}";
    };
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private String mangle(String target) {
    return switch (rnd.nextInt(5)) {
      case 0 -> target + "%00";
      case 1 -> target.replaceFirst("/v1/", "/v1/%00/");
      case 2 -> target + (target.contains("?") ? "&" : "?") + "q=" + "w".repeat(20_000);
      case 3 -> "/" + target;
      default -> target.replace("/", "//");
    };
  }

  private Map<String, String> credentials() {
    Map<String, String> h = new LinkedHashMap<>();
    switch (rnd.nextInt(10)) {
      case 0, 1, 2, 3, 4 -> h.put("Authorization", "Bearer " + me.key());
      case 5 -> h.put("Authorization", pick(List.of("Bearer ", "Bearer aw_sk_nope", "Basic abc", "bearer " + me.key())));
      case 6 -> h.putAll(ProxyAuth.apiKey(me.secret(), me.projectId(), UUID.randomUUID().toString(), me.agentId()));
      case 7 -> h.putAll(ProxyAuth.apiKey(me.secret(), UUID.randomUUID().toString(), UUID.randomUUID().toString(),
          me.agentId()));
      case 8 -> h.putAll(ProxyAuth.publicReader(me.secret(), me.projectId(), me.agentId()));
      default -> {
        // no credentials
      }
    }
    return h;
  }

  private byte[] body(Router.Route route) {
    String text = switch (rnd.nextInt(22)) {
      case 7, 8, 9, 10, 11, 12, 13, 14, 15 -> plausible(route);
      case 0 -> "";
      case 1 -> value(0);
      case 2 -> object(route, 0) + pick(List.of(" x", "}", "{}", " null", ",", "\n{\"a\":1}"));
      case 3 -> "[".repeat(150 + rnd.nextInt(3_000));
      case 4 -> "{\"a\":" + "[".repeat(150 + rnd.nextInt(3_000)) + "]".repeat(10);
      case 5 -> object(route, 0).substring(0, 1 + rnd.nextInt(3));
      case 6 -> jsonl();
      default -> object(route, 0);
    };
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (rnd.nextInt(12) == 0 && bytes.length > 2) {
      return invalidUtf8(bytes);
    }
    return bytes;
  }

  /** The bytes with an invalid UTF-8 sequence (or an encoded surrogate) spliced in. */
  private byte[] invalidUtf8(byte[] bytes) {
    byte[] bad = pick(List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {0}));
    int at = 1 + rnd.nextInt(bytes.length - 1);
    byte[] out = new byte[bytes.length + bad.length];
    System.arraycopy(bytes, 0, out, 0, at);
    System.arraycopy(bad, 0, out, at, bad.length);
    System.arraycopy(bytes, at, out, at + bad.length, bytes.length - at);
    return out;
  }

  /**
   * Every field a route might want, with a plausible value (unknown fields are ignored, so one body
   * suits most routes and gets past their validation), then up to two of them made wrong.
   */
  private String plausible(Router.Route route) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("workspace_id", quote(me.workspaceId()));
    f.put("alias", quote(me.alias()));
    f.put("human_name", quote("Fuzz Er"));
    f.put("repo_origin", quote(ORIGIN));
    f.put("origin_url", quote(ORIGIN));
    f.put("repo", quote(REPO));
    f.put("branch", quote("main"));
    f.put("sync_mode", quote(rnd.nextInt(4) == 0 ? "incremental" : "full"));
    // record fields only where they hold records: elsewhere their bad records would stop every request
    if (route.path().equals("/v1/bdh/sync")) {
      f.put("issues_jsonl", quote(jsonl()));
      f.put("changed_issues", quote(jsonl()));
      f.put("deleted_ids", "[\"fz-" + rnd.nextInt(30) + "\"]");
    }
    if (route.path().equals("/v1/beads/upload")) {
      f.put("issues", records());
    }
    if (route.path().equals("/v1/beads/ephemeral")) {
      f.put("records", records());
    }
    f.put("command_line", quote("bd update fz-" + rnd.nextInt(30) + " --status in_progress"));
    f.put("project_slug", quote("fuzz"));
    f.put("subject", quote("hello"));
    f.put("body", quote(rnd.nextBoolean() ? "hello there" : string()));
    f.put("message", quote(rnd.nextBoolean() ? "hi" : string()));
    f.put("situation", quote("stuck"));
    f.put("to_alias", quote(me.alias()));
    f.put("to_aliases", "[" + quote(me.alias()) + "]");
    f.put("to_agent_id", quote(me.agentId()));
    f.put("resource_key", quote("src/app-" + rnd.nextInt(5) + ".py"));
    f.put("ttl_seconds", "300");
    f.put("metadata", "{\"reason\":\"fuzz\"}");
    f.put("bundle", "{\"invariants\":[{\"id\":\"i1\",\"title\":\"t\",\"body_md\":\"b\"}],\"roles\":{\"dev\":{\"title\":\"Dev\",\"playbook_md\":\"p\"}},\"adapters\":{}}");
    f.put("role", quote("dev"));
    f.put("hostname", quote("fuzz-host"));
    f.put("workspace_path", quote("/tmp/fuzz"));
    f.put("bead_id", quote("fz-" + rnd.nextInt(30)));
    f.put("event_types", "[\"status_change\"]");
    f.put("expires_in_hours", "4");
    f.put("options", "[\"a\",\"b\"]");
    f.put("access_mode", quote("open"));
    f.put("prefix", quote("src/"));
    f.put("response", quote("go ahead"));
    f.put("note", quote("n"));
    f.put("task_description", quote("t"));
    f.put("program", quote("bdh"));
    f.put("timezone", quote("UTC"));
    int wrong = rnd.nextInt(3); // none: the records and message texts still carry bad content
    List<String> names = List.copyOf(f.keySet());
    for (int i = 0; i < wrong; i++) {
      String name = rnd.nextInt(4) == 0 ? pick(FIELDS) : pick(names);
      f.put(name, rnd.nextBoolean() ? quote(pick(List.of("a\u0000b", "\ud800", "x\udc00", "\u0000"))) : value(1));
    }
    StringBuilder b = new StringBuilder("{");
    f.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(quote(k)).append(':').append(v));
    return b.append('}').toString();
  }

  private String object(Router.Route route, int depth) {
    StringBuilder o = new StringBuilder("{");
    int n = rnd.nextInt(7);
    if (route.path().startsWith("/v1/bdh/") || route.path().startsWith("/v1/beads/")) {
      n += 3;
    }
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        o.append(',');
      }
      String name = rnd.nextInt(25) == 0 ? string() : pick(FIELDS);
      o.append(quote(name)).append(':').append(field(name, route, depth));
    }
    return o.append('}').toString();
  }

  /** A value for a named field: often plausible, else anything. */
  private String field(String name, Router.Route route, int depth) {
    if (rnd.nextInt(5) < 2) {
      return value(depth + 1);
    }
    return switch (name) {
      case "workspace_id", "created_by_workspace_id" -> quote(me.workspaceId());
      case "alias" -> quote(me.alias());
      case "repo_origin", "origin_url" -> quote(ORIGIN);
      case "repo" -> quote(REPO);
      case "sync_mode" -> quote(pick(List.of("full", "incremental", "FULL ", "other")));
      case "issues_jsonl", "changed_issues" -> quote(jsonl());
      case "issues", "records" -> records();
      case "project_slug" -> quote(pick(List.of("fuzz", "fuzz-other", "", "a\u0000b", "Fuzz_2")));
      case "bundle" -> "{\"invariants\":[" + object(route, depth + 1) + "],\"roles\":{\"r\":" + object(route, depth + 1)
          + "},\"adapters\":" + value(depth + 1) + "}";
      case "body", "message", "subject", "situation" -> quote(string());
      case "to_alias" -> quote(me.alias());
      case "metadata" -> object(route, depth + 1);
      default -> value(depth + 1);
    };
  }

  /** JSONL text: mostly records, some broken lines. */
  private String jsonl() {
    StringBuilder b = new StringBuilder();
    int n = 1 + rnd.nextInt(6);
    for (int i = 0; i < n; i++) {
      b.append(rnd.nextInt(30) == 0 ? pick(List.of("{", "[1]", "null", "{\"id\":\"a\"} x", "\"\\u0000\""))
          : record()).append(rnd.nextBoolean() ? "\n" : "\r\n");
    }
    return b.toString();
  }

  private String records() {
    StringBuilder b = new StringBuilder("[");
    int n = rnd.nextInt(6);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(rnd.nextInt(10) == 0 ? value(1) : record());
    }
    return b.append(']').toString();
  }

  /** A bead record, often with one field that is wrong or cannot be stored. */
  private String record() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("id", quote(rnd.nextInt(8) == 0 ? pick(List.of("", "a b", "../etc", "fz-\u0000", "fz-\ud800")) : "fz-" + rnd.nextInt(30)));
    f.put("title", quote(string()));
    f.put("status", quote(pick(List.of("open", "closed", "in_progress", "tombstone", "", "x".repeat(70)))));
    f.put("priority", pick(List.of("0", "4", "5", "-1", "1.5", "\"2\"", "null", "1e999999999", "2.0")));
    if (rnd.nextBoolean()) {
      f.put("labels", pick(List.of("[\"a\"]", "[1]", "\"x\"", "[\"\\u0000\"]", "[\"\"]")));
    }
    if (rnd.nextBoolean()) {
      f.put("dependencies", pick(List.of("[{\"depends_on_id\":\"fz-1\",\"type\":\"blocks\"}]", "[1,\"x\",null]",
          "{}", "[{\"depends_on_id\":\"\\ud800\"}]", "[{\"depends_on_id\":\"r:fz-2\",\"metadata\":\"{\\\"a\\\":1e999999}\"}]")));
    }
    if (rnd.nextBoolean()) {
      f.put("created_at", quote(pick(List.of("2026-03-01T10:00:00Z", "2026-03-01T10:00:00", "yesterday", "\u0000"))));
    }
    if (rnd.nextInt(3) == 0) {
      f.put(pick(List.of("extra", "notes", "\u0000key", "big")), value(2));
    }
    StringBuilder b = new StringBuilder("{");
    f.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(quote(k)).append(':').append(v));
    return b.append('}').toString();
  }

  /** Any JSON value, wrong types and edge values first. */
  private String value(int depth) {
    int kind = rnd.nextInt(depth > 3 ? 9 : 12);
    return switch (kind) {
      case 0 -> quote(string());
      case 1 -> pick(List.of("0", "-1", "2147483648", "9223372036854775808", "1e999999999", "-0", "1.5", "300.0",
          "1" + "0".repeat(1_200), "1e-99999", "123456789012345678901234567890"));
      case 2 -> pick(List.of("true", "false"));
      case 3 -> "null";
      case 4 -> quote(pick(List.of("\u0000", "a\u0000", "\ud800", "x\udc00y", "\ud83d\ude00")));
      case 5 -> quote("s".repeat(rnd.nextInt(10) == 0 ? 1_200_000 : pick(List.of(1_000, 70_000))));
      case 6 -> "\"" + "\\u0041".repeat(1 + rnd.nextInt(2_000)) + "\"";
      case 7 -> quote(UUID.randomUUID().toString());
      case 8 -> quote(word());
      case 9 -> "[" + value(depth + 1) + "," + value(depth + 1) + "]";
      case 10 -> "{\"k\":" + value(depth + 1) + "}";
      default -> {
        int n = rnd.nextInt(200);
        yield "[".repeat(n) + "1" + "]".repeat(n);
      }
    };
  }

  private String string() {
    return pick(List.of("", " ", "x", "hello world", "a\u0000b", "\ud800", "\udfff\ud800", "\ud83d\ude00 emoji",
        "line\nbreak\u2028\u0085", "quote\"back\\slash", "<script>alert(1)</script>", "../../etc/passwd", "%00",
        "\u202e rtl", "tab\there", "z".repeat(5_000)));
  }

  private String word() {
    int n = 1 + rnd.nextInt(12);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append((char) ('a' + rnd.nextInt(26)));
    }
    return b.toString();
  }

  /** A JSON string literal; NUL and surrogates are written as escapes, so they survive UTF-8 encoding. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c) || c == 0x2028) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  private <T> T pick(List<T> items) {
    return items.get(rnd.nextInt(items.size()));
  }
}
