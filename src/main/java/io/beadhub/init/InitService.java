package io.beadhub.init;

import io.beadhub.agents.Agent;
import io.beadhub.agents.AgentStore;
import io.beadhub.auth.ApiKeys;
import io.beadhub.auth.KeyStore;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Times;
import io.beadhub.db.Database;
import io.beadhub.identity.DidKey;
import io.beadhub.names.AliasAllocator;
import io.beadhub.projects.ProjectStore;
import io.beadhub.repos.GitUrl;
import io.beadhub.repos.RepoStore;
import io.beadhub.workspaces.WorkspaceRow;
import io.beadhub.workspaces.WorkspaceStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * {@code POST /v1/init}: ensure project, agent, key and (with a repo) workspace, all in one
 * transaction (spec 10 §7.1). On any error nothing is written and no key exists.
 */
public record InitService(Database db, InitRateLimiter limiter, Clock clock) {
  /**
   * An existing alias asked for without that agent's key. The {@code alias_exists} token makes bdh
   * retry without an alias when the alias was its own suggestion (spec 70 §6.1); {@code already taken}
   * is what bdh's worktree loop looks for.
   */
  static final String ALIAS_TAKEN = "alias_exists: alias '%s' is already taken in this project;"
      + " a new key for it needs that agent's own API key (Authorization: Bearer)";
  static final String POOL_EXHAUSTED = "All name prefixes are taken (tried 26 names \u00d7 100 variants).";

  /** The 200 body. */
  public record InitResponse(String status, String createdAt, String apiKey, UUID projectId, String projectSlug,
                             String namespaceSlug, UUID agentId, UUID repoId, String canonicalOrigin,
                             UUID workspaceId, String alias, boolean created, boolean workspaceCreated, String did,
                             String stableId, String custody, String lifetime) {
  }

  /** Identity material for a new agent (step 5). */
  private record Material(String custody, String did, String publicKey, String stableId) {
  }

  /** The rate limit (spec 10 §8): counts the request, or answers 429 once the client IP is over it. */
  public void countRequest(String ip) {
    OptionalLong retry = limiter.hit(ip);
    if (retry.isPresent()) {
      throw new ApiError(429, "Rate limit exceeded. Too many initialization requests.")
          .header("Retry-After", Long.toString(retry.getAsLong()));
    }
  }

  /**
   * Ensures project, agent, key and workspace. {@code presented} is the caller proven by the request's
   * credentials (null without valid ones): a key for an alias that already exists is minted only for
   * that agent itself, since a project's slug and repo URL are no secret.
   */
  public InitResponse init(InitRequest r, Caller presented) {
    String canonical = null;
    if (r.repoOrigin() != null) {
      try {
        canonical = GitUrl.canonicalize(r.repoOrigin());
      } catch (GitUrl.Invalid e) {
        throw ApiError.unprocessable("Invalid repo_origin: " + e.getMessage());
      }
    }
    Material material = material(r);
    String origin = canonical;
    return db.tx(h -> initInTx(h, r, origin, material, presented));
  }

  private InitResponse initInTx(Handle h, InitRequest r, String canonical, Material material, Caller presented) {
    String slug = r.projectSlug();
    UUID tenant = null;
    boolean hosted = r.projectId() != null;
    if (slug.isEmpty() && !hosted) {
      if (canonical == null) {
        throw ApiError.unprocessable("project_slug is required");
      }
      slug = RepoStore.projectSlugOfOrigin(h, canonical)
          .orElseThrow(() -> ApiError.unprocessable("project_not_found: repo not registered"));
    }
    if (hosted) {
      var sp = ProjectStore.findLiveServerProject(h, r.projectId())
          .orElseThrow(() -> ApiError.notFound("project_not_found: unknown project_id"));
      slug = sp.slug();
      tenant = sp.tenantId();
    }
    String name = r.projectName().isEmpty() ? slug : r.projectName();
    ProjectStore.Project project = ProjectStore.ensure(h, hosted ? r.projectId() : null, slug, name, tenant);
    if (!hosted) {
      ProjectStore.upsertServerProject(h, project.projectId(), project.slug(),
          project.name() == null || project.name().isEmpty() ? null : project.name(), project.tenantId());
    }

    boolean created = false;
    Agent agent;
    String alias = r.alias();
    if (alias == null) {
      // Live workspaces count too: bdh retries an `alias_exists` answer without alias and relies on us
      // to choose a free one (spec 70 §6.1); a workspace can outlive its agent (restore, 30 §2.10).
      List<String> used = new ArrayList<>(AgentStore.liveAliases(h, project.projectId()));
      used.addAll(InitStore.liveWorkspaceAliases(h, project.projectId()));
      String prefix = AliasAllocator.suggest(used).orElseThrow(() -> ApiError.conflict(POOL_EXHAUSTED));
      alias = canonical == null ? prefix : prefix + "-" + r.role().replace(' ', '-');
    }
    Optional<Agent> existing = AgentStore.findLiveByAlias(h, project.projectId(), alias);
    if (existing.isEmpty()) {
      Optional<UUID> id = AgentStore.insertIfFree(h, new AgentStore.NewAgent(project.projectId(),
          project.namespaceId(), alias, r.humanName(), r.agentType(), r.lifetime(), material.custody(),
          material.did(), material.publicKey(), material.stableId()));
      if (id.isPresent()) {
        created = true;
        AgentStore.log(h, id.get(), project.projectId(), "create", null, material.did(), null, null, null);
        existing = AgentStore.findLive(h, project.projectId(), id.get());
      } else {
        existing = AgentStore.findLiveByAlias(h, project.projectId(), alias);
        if (existing.isEmpty()) {
          throw ApiError.conflict("did_exists: this DID is already registered in this project");
        }
      }
    }
    agent = existing.orElseThrow();
    if (agent.system()) {
      throw ApiError.conflict("alias_exists: alias '" + alias + "' is reserved for the system agent");
    }
    if (!created && !isAgent(presented, agent)) {
      throw ApiError.conflict(ALIAS_TAKEN.formatted(alias));
    }
    String key = ApiKeys.mint();
    KeyStore.insert(h, project.projectId(), agent.agentId(), key);

    UUID repoId = null;
    UUID workspaceId = null;
    boolean workspaceCreated = false;
    if (canonical != null) {
      RepoStore.Repo repo = RepoStore.upsert(h, project.projectId(), r.repoOrigin().trim(), canonical).repo();
      repoId = repo.id();
      workspaceId = agent.agentId();
      workspaceCreated = ensureWorkspace(h, r, project.projectId(), agent, repo);
    }
    return new InitResponse("ok", Times.isoOffset(clock.instant()), key, project.projectId(), project.slug(),
        project.namespaceSlug(), agent.agentId(), repoId, canonical, workspaceId, agent.alias(), created,
        workspaceCreated, agent.did(), agent.stableId(), agent.custody(), agent.lifetime());
  }

  /** Step 6.5.2: the agent's workspace for this repo; true when it was inserted. */
  private boolean ensureWorkspace(Handle h, InitRequest r, UUID projectId, Agent agent, RepoStore.Repo repo) {
    Optional<WorkspaceRow> ws = WorkspaceStore.find(h, agent.agentId()).filter(w -> w.projectId().equals(projectId));
    String hostname = r.hostname().isEmpty() ? null : r.hostname();
    String path = r.workspacePath().isEmpty() ? null : r.workspacePath();
    if (ws.isEmpty()) {
      if (!WorkspaceStore.insertIfFree(h, agent.agentId(), projectId, repo.id(), agent.alias(), r.humanName(),
          r.role(), hostname, path)) {
        throw aliasUsed(agent.alias());
      }
      return true;
    }
    WorkspaceRow w = ws.get();
    if (w.repoId() == null || !w.repoId().equals(repo.id())) {
      String old = w.repoId() == null ? "None"
          : RepoStore.find(h, w.repoId()).map(RepoStore.Repo::canonicalOrigin).orElse(w.repoId().toString());
      throw ApiError.conflict("workspace_repo_mismatch: alias '" + agent.alias() + "' (workspace_id="
          + agent.agentId() + ") is already registered for repo '" + old + "'. Cannot initialize the same agent for repo '"
          + repo.canonicalOrigin() + "'. Choose a different alias (new agent/worktree) or initialize from the original repo.");
    }
    if (w.deletedAt() != null && InitStore.aliasHeldByAnother(h, projectId, w.alias(), w.workspaceId())) {
      throw aliasUsed(agent.alias());
    }
    InitStore.reinitWorkspace(h, new InitStore.Reinit(w.workspaceId(), r.humanName(), r.role(), hostname, path));
    return false;
  }

  /** Whether the credentials prove the caller is {@code agent} (a public reader proves nothing). */
  private static boolean isAgent(Caller presented, Agent agent) {
    return presented != null && !presented.publicReader() && agent.agentId().equals(presented.agentId())
        && agent.projectId().equals(presented.projectId());
  }

  private static ApiError aliasUsed(String alias) {
    return ApiError.conflict("alias_exists: alias '" + alias + "' is already used by another workspace in this project");
  }

  /** Step 5: identity material rules; the server never keeps a private key (spec 10 §6.4). */
  private static Material material(InitRequest r) {
    boolean supplied = r.did() != null || r.publicKey() != null;
    String custody = r.custody() != null ? r.custody() : (supplied ? "self" : "custodial");
    if (r.lifetime().equals("ephemeral") && custody.equals("self")) {
      throw ApiError.unprocessable("Ephemeral agents must be custodial");
    }
    if (custody.equals("custodial")) {
      if (supplied) {
        throw ApiError.unprocessable("Custodial agents must not provide did/public_key");
      }
      DidKey.Generated g = DidKey.generate();
      return new Material("custodial", g.did(), g.publicKey(), g.stableId());
    }
    if (!supplied) {
      return new Material("self", null, null, null);
    }
    if (r.did() == null || r.publicKey() == null) {
      throw ApiError.unprocessable("Self-custodial agents require both did and public_key");
    }
    byte[] raw = DidKey.decodePublicKey(r.publicKey()).orElseThrow(() -> ApiError.unprocessable(
        "public_key must be a base64-encoded 32-byte Ed25519 public key (url-safe or standard)"));
    if (!DidKey.didOf(raw).equals(r.did())) {
      throw ApiError.unprocessable("DID does not match public_key");
    }
    return new Material("self", r.did(), DidKey.canonicalPublicKey(raw), DidKey.stableIdOf(r.did()).orElseThrow());
  }
}
