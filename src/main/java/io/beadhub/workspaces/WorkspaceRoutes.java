package io.beadhub.workspaces;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Access;
import io.beadhub.common.ApiError;
import io.beadhub.common.Uuids;
import io.beadhub.http.Body;
import io.beadhub.http.Query;
import io.beadhub.http.Router;
import io.beadhub.http.ValidationError;
import io.beadhub.names.Names;
import io.beadhub.repos.PageCursor;
import io.beadhub.repos.RepoOrigins;
import io.beadhub.repos.RepoQuery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code /v1/workspaces/*} and {@code POST /v1/agents/register} (spec 30 §2, §4.2). Literal paths first. */
public final class WorkspaceRoutes {
  static final String BAD_ID = "Invalid workspace_id format";

  private WorkspaceRoutes() {
  }

  public static void register(Router r, WorkspaceService s, WorkspaceReads reads) {
    r.post("/v1/workspaces/suggest-name-prefix", Access.OPTIONAL, req -> {
      String canonical = RepoOrigins.required(req.body(), "origin_url", 2048);
      return s.suggestNamePrefix(req.caller(), canonical);
    }).returns(WorkspaceService.NamePrefix.class).accepts(WorkspaceRequests.SuggestNamePrefix.class);
    r.post("/v1/workspaces/register", Access.PROJECT, req -> {
      Body b = req.body();
      String raw = b.requiredStr("repo_origin", 1, 2048);
      String canonical = RepoOrigins.canonical(raw, "repo_origin");
      String role = role(b, "role");
      String hostname = hostname(b, 255);
      String path = workspacePath(b, 4096);
      return s.register(req.caller(), new WorkspaceService.NewWorkspace(canonical, raw.trim(), role, hostname, path));
    }).returns(WorkspaceService.Registered.class).accepts(WorkspaceRequests.Register.class);
    r.post("/v1/workspaces/heartbeat", Access.PROJECT, req -> s.heartbeat(req.caller(), heartbeat(req.body())))
        .returns(WorkspaceService.Beat.class).accepts(WorkspaceRequests.Heartbeat.class);
    r.get("/v1/workspaces", Access.PUBLIC, req -> {
      Query q = req.query();
      WorkspaceFilter f = filter(q);
      boolean claims = q.bool("include_claims", false);
      boolean pres = q.bool("include_presence", true);
      int limit = q.integer("limit", 50, 1, 200);
      return reads.list(req.caller(), new WorkspaceReads.ListQuery(f, limit, claims, pres));
    }).returns(WorkspaceInfo.Page.class);
    r.get("/v1/workspaces/team", Access.PUBLIC, req -> {
      Query q = req.query();
      String human = q.filter("human_name", 64);
      String repo = RepoQuery.canonical(q);
      boolean claims = q.bool("include_claims", true);
      boolean pres = q.bool("include_presence", true);
      boolean only = q.bool("only_with_claims", true);
      String forcedRaw = q.filter("always_include_workspace_id", 1000);
      UUID forced = forcedRaw == null ? null
          : Uuids.parse(forcedRaw).orElseThrow(() -> ApiError.unprocessable(BAD_ID));
      int limit = q.integer("limit", 15, 1, 200);
      return reads.team(req.caller(), new WorkspaceReads.TeamQuery(human, repo, claims, pres, only, forced, limit));
    }).returns(WorkspaceInfo.Page.class);
    r.get("/v1/workspaces/online", Access.PUBLIC,
        req -> reads.online(req.caller(), req.query().filter("human_name", 64))).returns(WorkspaceInfo.Page.class);
    r.get("/v1/workspaces/{workspace_id}", Access.PUBLIC,
        req -> reads.get(req.caller(), req.pathUuidPlain("workspace_id", BAD_ID))).returns(WorkspaceInfo.class);
    r.patch("/v1/workspaces/{workspace_id}", Access.PROJECT, req -> {
      UUID id = req.pathUuidPlain("workspace_id", BAD_ID);
      return s.patch(req.caller(), id, patch(req.body()));
    }).returns(WorkspaceInfo.class).accepts(WorkspaceRequests.Patch.class);
    r.delete("/v1/workspaces/{workspace_id}", Access.PROJECT, req -> {
      UUID id = req.pathUuidPlain("workspace_id", BAD_ID);
      return s.delete(req.caller(), id, req.path("workspace_id"));
    }).returns(WorkspaceService.Deleted.class);
    r.post("/v1/workspaces/{workspace_id}/restore", Access.PROJECT,
        req -> s.restore(req.caller(), req.pathUuidPlain("workspace_id", BAD_ID)))
        .returns(WorkspaceService.Restored.class).acceptsNoBody();
    r.post("/v1/agents/register", Access.PROJECT, req -> s.registerPresence(req.caller(), registration(req.body())))
        .returns(WorkspaceService.PresenceRegistered.class)
        .accepts(WorkspaceRequests.PresenceRegistration.class);
  }

  private static WorkspaceHeartbeat heartbeat(Body b) {
    UUID id = workspaceId(b);
    String alias = alias(b);
    String raw = b.requiredStr("repo_origin", 1, 512);
    String canonical = RepoOrigins.canonical(raw, "repo_origin");
    String role = role(b, "role");
    String branch = noControl(b, "current_branch", 255);
    String tz = b.str("timezone", 64);
    if (tz != null && !Names.isTimezone(tz)) {
      throw ValidationError.body("timezone", Names.TIMEZONE_MESSAGE, tz);
    }
    String hostname = hostname(b, 255);
    String path = workspacePath(b, 1024);
    String human = b.str("human_name", 64);
    return new WorkspaceHeartbeat(id, alias, canonical, raw.trim(), role, branch, tz, hostname, path, human);
  }

  private static WorkspaceService.Registration registration(Body b) {
    UUID id = workspaceId(b);
    alias(b);
    String human = b.str("human_name", 64);
    b.str("project_slug", 256);
    String program = b.str("program");
    String model = b.str("model");
    b.str("task_description");
    String repo = b.str("repo", 255);
    String branch = b.str("branch", 255);
    String role = role(b, "role");
    Long ttl = b.integer("ttl_seconds", 1, 86400);
    return new WorkspaceService.Registration(id, human, program, model, repo, branch, role,
        ttl == null ? null : ttl.intValue());
  }

  private static WorkspaceService.Patch patch(Body b) {
    Map<String, String> set = new LinkedHashMap<>();
    if (b.has("role")) {
      set.put("role", role(b, "role"));
    }
    if (b.present("human_name")) {
      String h = b.str("human_name", 64);
      if (!h.isEmpty() && !Names.isHumanName(h)) {
        throw ValidationError.body("human_name", "Invalid human_name format", h);
      }
      set.put("human_name", h);
    }
    if (b.has("hostname")) {
      set.put("hostname", hostname(b, 255));
    }
    if (b.has("workspace_path")) {
      set.put("workspace_path", workspacePath(b, 4096));
    }
    if (b.has("current_branch")) {
      set.put("current_branch", noControl(b, "current_branch", 255));
    }
    if (b.has("timezone")) {
      String tz = b.str("timezone", 64);
      if (tz != null && !Names.isTimezone(tz)) {
        throw ValidationError.body("timezone", Names.TIMEZONE_MESSAGE, tz);
      }
      set.put("timezone", tz);
    }
    Map<String, String> immutable = new LinkedHashMap<>();
    for (String f : List.of("alias", "project_id", "repo_id", "workspace_type")) {
      if (b.has(f)) {
        JsonNode v = b.raw(f);
        String text = v.isNull() ? "null" : v.isTextual() ? v.textValue() : v.toString();
        if (f.endsWith("_id") && v.isTextual()) {
          text = Uuids.parse(text).map(UUID::toString).orElse(text);
        }
        immutable.put(f, text);
      }
    }
    return new WorkspaceService.Patch(set, immutable);
  }

  private static WorkspaceFilter filter(Query q) {
    String human = q.filter("human_name", 64);
    String repo = RepoQuery.canonical(q);
    String alias = q.filter("alias", 64);
    if (alias != null && !Names.isAlias(alias)) {
      throw ApiError.unprocessable(Names.ALIAS_MESSAGE);
    }
    String hostname = q.filter("hostname", 255);
    if (hostname != null && (!Names.isHostname(hostname))) {
      throw ApiError.unprocessable("Invalid hostname: contains null bytes or control characters");
    }
    boolean deleted = q.bool("include_deleted", false);
    PageCursor after = PageCursor.decode(q.str("cursor"), "updated_at", "workspace_id",
        ts -> ApiError.unprocessable("Invalid cursor timestamp: " + ts));
    return new WorkspaceFilter(human, repo, alias, hostname, deleted, after == null ? null : after.at(),
        after == null ? null : after.id());
  }

  static UUID workspaceId(Body b) {
    String raw = b.requiredStr("workspace_id");
    if (raw.isBlank()) {
      throw ValidationError.body("workspace_id", "workspace_id cannot be empty", raw);
    }
    return Uuids.parse(raw).orElseThrow(() -> ValidationError.body("workspace_id", BAD_ID, raw));
  }

  private static String alias(Body b) {
    String alias = b.requiredStr("alias", 1, 64);
    if (!Names.isAlias(alias)) {
      throw ValidationError.body("alias", Names.ALIAS_MESSAGE, alias);
    }
    return alias;
  }

  /** Optional role: ≤50 raw, normalised, role rule; null when absent or JSON null. */
  private static String role(Body b, String field) {
    String raw = b.str(field, 50);
    if (raw == null) {
      return null;
    }
    String role = Names.normalizeRole(raw);
    if (!Names.isRole(role)) {
      throw ValidationError.body(field, Names.ROLE_MESSAGE, raw);
    }
    return role;
  }

  private static String hostname(Body b, int max) {
    String v = b.str("hostname", max);
    if (!Names.isHostname(v)) {
      throw ValidationError.body("hostname", Names.HOSTNAME_MESSAGE, v);
    }
    return v;
  }

  private static String workspacePath(Body b, int max) {
    String v = b.str("workspace_path", max);
    if (!Names.isWorkspacePath(v)) {
      throw ValidationError.body("workspace_path", Names.WORKSPACE_PATH_MESSAGE, v);
    }
    return v;
  }

  private static String noControl(Body b, String field, int max) {
    String v = b.str(field, max);
    if (!Names.isHostname(v)) {
      throw ValidationError.body(field, field + " contains invalid characters (null bytes or control characters)", v);
    }
    return v;
  }
}
