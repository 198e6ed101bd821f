package io.beadhub.init;

import io.beadhub.auth.Authenticator;
import io.beadhub.common.Access;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Uuids;
import io.beadhub.http.Body;
import io.beadhub.http.Req;
import io.beadhub.http.Router;
import io.beadhub.http.ValidationError;
import io.beadhub.names.Names;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /v1/init} (spec 10 §7.1). The rate limit counts the request before its body is read, so a
 * flood of bodies costs no parsing. Credentials are optional: they matter only as the proof that a
 * caller asking for a key of an existing alias is that agent.
 */
public final class InitRoutes {
  private InitRoutes() {
  }

  public static void register(Router r, InitService service, Authenticator auth) {
    r.post("/v1/init", Access.NONE, req -> {
      service.countRequest(req.ip());
      InitRequest body = parse(req.body());
      return service.init(body, presented(req, auth));
    }).returns(InitService.InitResponse.class).accepts(InitRequest.class);
  }

  /** The caller the request's credentials prove, or null (none sent, or not valid: no proof either way). */
  private static Caller presented(Req req, Authenticator auth) {
    if (!auth.hasCredentials(req.ctx())) {
      return null;
    }
    try {
      return auth.authenticate(req.ctx());
    } catch (ApiError e) {
      if (e.status() == 401) {
        return null;
      }
      throw e;
    }
  }

  /** The body, validated field by field in the spec's order; strings are trimmed, absent ones defaulted. */
  private static InitRequest parse(Body b) {
    String slug = trim(b.str("project_slug", 256));
    if (slug == null) {
      slug = "";
    }
    if (!slug.isEmpty() && !Names.isProjectSlug(slug)) {
      throw ValidationError.body("project_slug", "Invalid project_slug format", slug);
    }
    String name = orEmpty(b.str("project_name", 256));
    String alias = trim(b.str("alias", 64));
    if (alias != null && alias.isEmpty()) {
      alias = null;
    }
    if (alias != null) {
      if (Names.isReservedAlias(alias)) {
        throw ValidationError.body("alias", "'" + alias + "' is a reserved alias", alias);
      }
      if (!Names.isAlias(alias)) {
        throw ValidationError.body("alias", "Invalid alias format", alias);
      }
    }
    String human = orEmpty(trim(b.str("human_name", 64)));
    if (!human.isEmpty() && !Names.isHumanName(human)) {
      throw ValidationError.body("human_name", "Invalid human_name format", human);
    }
    String type = trim(b.str("agent_type", 32));
    if (type == null || type.isEmpty()) {
      type = "agent";
    }
    if (type.equals("system")) {
      throw ValidationError.body("agent_type", "agent_type 'system' is reserved", type);
    }
    String lifetime = b.oneOf("lifetime", b.str("lifetime"), List.of("persistent", "ephemeral"));
    if (lifetime == null) {
      lifetime = "ephemeral";
    }
    String custody = b.oneOf("custody", b.str("custody"), List.of("self", "custodial"));
    String did = blankToNull(b.str("did", 256));
    String publicKey = blankToNull(b.str("public_key", 64));
    String rawProjectId = trim(b.str("project_id", 36));
    UUID projectId = null;
    if (rawProjectId != null && !rawProjectId.isEmpty()) {
      projectId = Uuids.parse(rawProjectId)
          .orElseThrow(() -> ValidationError.body("project_id", "project_id must be a valid UUID", rawProjectId));
    }
    String origin = b.str("repo_origin", 2048);
    String rawRole = b.str("role", 50);
    String role = Names.normalizeRole(rawRole);
    if (!Names.isRole(role)) {
      throw ValidationError.body("role", "Invalid role format", rawRole);
    }
    String hostname = orEmpty(trim(b.str("hostname", 255)));
    if (!Names.isHostname(hostname)) {
      throw ValidationError.body("hostname", Names.HOSTNAME_MESSAGE, hostname);
    }
    String path = orEmpty(trim(b.str("workspace_path", 4096)));
    if (!Names.isWorkspacePath(path)) {
      throw ValidationError.body("workspace_path", Names.WORKSPACE_PATH_MESSAGE, path);
    }
    return new InitRequest(slug, name, alias, human, type, lifetime, custody, did, publicKey, projectId, origin, role,
        hostname, path);
  }

  /** Trims spaces only: a trailing newline stays and fails the full-match patterns (spec 10 §0.3). */
  static String trim(String s) {
    if (s == null) {
      return null;
    }
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == ' ') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == ' ') {
      end--;
    }
    return s.substring(start, end);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
