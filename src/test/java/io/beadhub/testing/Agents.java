package io.beadhub.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registers one agent over HTTP ({@code POST /v1/init}, which creates the project on first use):
 * {@code Agents.in(server, "p").alias("alice-dev").repo(origin).init()}. Only the fields set are
 * sent, so each test's request body stays what it was.
 */
public final class Agents {
  private final TestServer server;
  private final Map<String, Object> body = new LinkedHashMap<>();

  private Agents(TestServer server, String projectSlug) {
    this.server = server;
    body.put("project_slug", projectSlug);
  }

  public static Agents in(TestServer server, String projectSlug) {
    return new Agents(server, projectSlug);
  }

  public Agents alias(String alias) {
    return set("alias", alias);
  }

  public Agents human(String humanName) {
    return set("human_name", humanName);
  }

  /** The repo origin; with it, init also registers a workspace. */
  public Agents repo(String origin) {
    return set("repo_origin", origin);
  }

  public Agents role(String role) {
    return set("role", role);
  }

  public Agents lifetime(String lifetime) {
    return set("lifetime", lifetime);
  }

  public Agents hostname(String hostname) {
    return set("hostname", hostname);
  }

  public Agents workspacePath(String path) {
    return set("workspace_path", path);
  }

  /** Any other init field. */
  public Agents set(String field, Object value) {
    body.put(field, value);
    return this;
  }

  /** Sends the init (asserting 200). */
  public Agent init() {
    return Agent.of((String) body.get("project_slug"), (String) body.get("alias"), (String) body.get("repo_origin"),
        server.init(body));
  }
}
