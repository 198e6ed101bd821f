package io.beadhub.workspaces;

import io.beadhub.agents.Agent;
import io.beadhub.agents.AgentStore;
import io.beadhub.auth.ActorBinding;
import io.beadhub.auth.AgentIdentity;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Times;
import io.beadhub.db.Database;
import io.beadhub.names.AliasAllocator;
import io.beadhub.presence.Presence;
import io.beadhub.presence.PresenceRecord;
import io.beadhub.projects.ProjectStore;
import io.beadhub.repos.RepoStore;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The workspace write rules (spec 30 §2.1–2.3, §2.8–2.10, §4.2). */
public final class WorkspaceService {
  private static final Logger log = LoggerFactory.getLogger(WorkspaceService.class);

  /** {@code POST /v1/workspaces/heartbeat}; optional fields are null when not supplied. */
  public record Heartbeat(UUID workspaceId, String alias, String canonicalOrigin, String rawOrigin, String role,
                          String currentBranch, String timezone, String hostname, String workspacePath,
                          String humanName) {
  }

  /** {@code PATCH /v1/workspaces/{id}}: {@code set} holds the supplied mutable columns (null values clear). */
  public record Patch(Map<String, String> set, Map<String, String> immutable) {
  }

  /** {@code POST /v1/agents/register}. */
  public record Registration(UUID workspaceId, String humanName, String program, String model, String repo,
                             String branch, String role, Integer ttlSeconds) {
  }

  private final Database db;
  private final Presence presence;
  private final WorkspaceCascade cascade;
  private final WorkspaceReads reads;
  private final Clock clock;
  private final int presenceTtl;

  public WorkspaceService(Database db, Presence presence, WorkspaceCascade cascade, WorkspaceReads reads,
                          Clock clock, int presenceTtl) {
    this.db = db;
    this.presence = presence;
    this.cascade = cascade;
    this.reads = reads;
    this.clock = clock;
    this.presenceTtl = presenceTtl;
  }

  /** §2.1: {@code caller} null = anonymous. */
  public Map<String, Object> suggestNamePrefix(Caller caller, String canonical) {
    return db.read(h -> {
      UUID projectId;
      String slug;
      String repoId;
      if (caller != null) {
        ProjectStore.ServerProject p = ProjectStore.findLiveServerProject(h, caller.projectId())
            .orElseThrow(() -> ApiError.notFound("Project not found"));
        projectId = p.id();
        slug = p.slug();
        repoId = RepoStore.liveRepoId(h, projectId, canonical).map(UUID::toString).orElse("");
      } else {
        List<RepoStore.Candidate> found = RepoStore.candidates(h, canonical);
        if (found.isEmpty()) {
          throw ApiError.notFound("Repo not registered: " + canonical + ". Run 'bdh :init' to register.");
        }
        if (found.size() > 1) {
          throw ApiError.conflict("Repo exists in multiple projects: " + String.join(", ",
              found.stream().map(RepoStore.Candidate::projectSlug).toList())
              + ". Specify project with BEADHUB_PROJECT or --project.");
        }
        projectId = found.get(0).projectId();
        slug = found.get(0).projectSlug();
        repoId = found.get(0).repoId().toString();
      }
      String prefix = AliasAllocator.suggest(AgentStore.liveAliases(h, projectId)).orElseThrow(() ->
          ApiError.conflict("All name prefixes are taken (tried 26 names × 100 variants). "
              + "Use --alias to specify a custom alias."));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("name_prefix", prefix);
      out.put("project_id", projectId.toString());
      out.put("project_slug", slug);
      out.put("repo_id", repoId);
      out.put("canonical_origin", canonical);
      return out;
    });
  }

  /** §2.2: the calling agent's workspace for this repo, in one transaction. */
  public Map<String, Object> register(Caller c, String canonical, String rawOrigin, String role, String hostname,
                                      String workspacePath) {
    return db.tx(h -> {
      Agent a = AgentIdentity.check(h, c);
      ProjectStore.Project p = ProjectStore.findLive(h, c.projectId())
          .orElseThrow(() -> ApiError.unauthorized("Invalid API key"));
      ProjectStore.upsertServerProject(h, p.projectId(), p.slug(), p.name(), p.tenantId());
      RepoStore.Repo repo = RepoStore.upsert(h, p.projectId(), rawOrigin, canonical).repo();
      String human = a.humanName() == null ? "" : a.humanName();
      Optional<WorkspaceRow> existing = WorkspaceStore.find(h, a.agentId());
      boolean created;
      if (existing.isPresent()) {
        WorkspaceRow w = existing.get();
        if (!w.projectId().equals(p.projectId())) {
          throw ApiError.conflict("Workspace already registered in another project");
        }
        if (w.repoId() != null && !w.repoId().equals(repo.id())) {
          throw ApiError.conflict("Workspace already registered for another repo");
        }
        if (!w.alias().equals(a.alias())) {
          throw ApiError.conflict("Workspace already registered with a different alias");
        }
        WorkspaceSql.guarded(() -> h.createUpdate("""
                UPDATE server.workspaces
                   SET deleted_at = NULL, hostname = :hostname, workspace_path = :path, human_name = :human,
                       role = CASE WHEN :setRole THEN :role ELSE role END
                 WHERE workspace_id = :id
                """)
            .bind("hostname", hostname).bind("path", workspacePath).bind("human", human)
            .bind("setRole", role != null).bind("role", role).bind("id", w.workspaceId()).execute(),
            () -> aliasUsed(a.alias()));
        created = false;
      } else {
        if (!WorkspaceStore.insertIfFree(h, a.agentId(), p.projectId(), repo.id(), a.alias(), human, role,
            hostname, workspacePath)) {
          throw aliasUsed(a.alias());
        }
        created = true;
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("workspace_id", a.agentId().toString());
      out.put("project_id", p.projectId().toString());
      out.put("project_slug", p.slug());
      out.put("repo_id", repo.id().toString());
      out.put("canonical_origin", repo.canonicalOrigin());
      out.put("alias", a.alias());
      out.put("human_name", human);
      out.put("created", created);
      return out;
    });
  }

  private static ApiError aliasUsed(String alias) {
    return ApiError.conflict("Alias '" + alias + "' is already used in this project");
  }

  /** §2.3: the database row in one transaction, then presence (best effort). */
  public Map<String, Object> heartbeat(Caller c, Heartbeat hb) {
    ActorBinding.check(c, hb.workspaceId());
    String id = hb.workspaceId().toString();
    record Result(WorkspaceRow w, String slug, String canonical) {
    }
    Result r = db.tx(h -> {
      Optional<WorkspaceRow> existing = WorkspaceStore.find(h, hb.workspaceId());
      String canonical = hb.canonicalOrigin();
      if (existing.isPresent()) {
        WorkspaceRow w = existing.get();
        if (!w.projectId().equals(c.projectId())) {
          throw ApiError.badRequest("Workspace " + id + " does not belong to this project. This may indicate a "
              + "corrupted .beadhub file. Try running 'bdh :init' again.");
        }
        if (!w.live()) {
          throw ApiError.gone("Workspace was deleted. Run 'bdh :init' to re-register.");
        }
        if (!w.alias().equals(hb.alias())) {
          throw aliasMismatch(id, w.alias(), hb.alias());
        }
        if (w.repoId() != null) {
          RepoStore.Repo repo = RepoStore.find(h, w.repoId())
              .filter(x -> x.deletedAt() == null && x.projectId().equals(c.projectId()))
              .orElseThrow(() -> ApiError.gone("Workspace repository was deleted. Run 'bdh :init' to re-register."));
          if (!repo.canonicalOrigin().equals(hb.canonicalOrigin())) {
            throw ApiError.badRequest("Repo mismatch: workspace is registered with a different repository. "
                + "This may indicate a corrupted .beadhub file. Run 'bdh :init' again.");
          }
        }
        WorkspaceStore.touchHeartbeat(h, w.workspaceId(), hb.humanName(), hb.role(), hb.hostname(),
            hb.workspacePath(), hb.currentBranch(), hb.timezone());
      } else {
        Agent a = AgentStore.findLive(h, c.projectId(), hb.workspaceId())
            .orElseThrow(() -> ApiError.notFound(WorkspaceAccess.NOT_FOUND));
        if (!a.alias().equals(hb.alias())) {
          throw aliasMismatch(id, a.alias(), hb.alias());
        }
        if (aliasCollides(h, c.projectId(), hb.workspaceId(), hb.alias())) {
          throw aliasCollision(hb.alias());
        }
        ProjectStore.Project p = ProjectStore.findLive(h, c.projectId())
            .orElseThrow(() -> ApiError.unauthorized("Invalid API key"));
        ProjectStore.upsertServerProject(h, p.projectId(), p.slug(), p.name(), p.tenantId());
        RepoStore.Repo repo = RepoStore.upsert(h, c.projectId(), hb.rawOrigin(), hb.canonicalOrigin()).repo();
        boolean inserted = WorkspaceSql.guarded(() -> WorkspaceStore.insertIfFree(h, hb.workspaceId(),
            c.projectId(), repo.id(), hb.alias(), hb.humanName() == null ? "" : hb.humanName(), hb.role(),
            hb.hostname(), hb.workspacePath()), () -> aliasCollision(hb.alias()));
        if (!inserted) {
          throw aliasCollision(hb.alias());
        }
        WorkspaceStore.touchHeartbeat(h, hb.workspaceId(), null, null, null, null, hb.currentBranch(),
            hb.timezone());
        canonical = repo.canonicalOrigin();
      }
      WorkspaceRow w = WorkspaceStore.find(h, hb.workspaceId()).orElseThrow();
      return new Result(w, ProjectStore.slug(h, c.projectId()), canonical);
    });
    try {
      WorkspaceRow w = r.w();
      presence.upsert(new PresenceRecord(id, w.alias(), w.humanName(), c.projectId().toString(), r.slug(),
          w.repoId() == null ? "" : w.repoId().toString(), "", "bdh", "", "active",
          w.currentBranch() == null ? "" : w.currentBranch(), null, r.canonical(), w.role(), w.timezone()),
          presenceTtl);
      presence.upsertAgent(id, w.alias(), c.projectId().toString(), presenceTtl);
    } catch (RuntimeException e) {
      log.warn("presence write failed for workspace {}", id, e);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ok", true);
    out.put("workspace_id", id);
    return out;
  }

  private static ApiError aliasMismatch(String id, String expected, String got) {
    return ApiError.conflict("Alias mismatch for workspace " + id + " (expected '" + expected + "', got '" + got
        + "'). Run 'bdh :init' to re-register.");
  }

  private static ApiError aliasCollision(String alias) {
    return ApiError.conflict("Alias '" + alias + "' is already used by another workspace in this project. "
        + "Please choose a different alias and run 'bdh :init' again.");
  }

  private boolean aliasCollides(Handle h, UUID projectId, UUID id, String alias) {
    boolean db = h.createQuery("""
            SELECT EXISTS (SELECT 1 FROM server.workspaces
                            WHERE project_id = :project AND alias = :alias AND deleted_at IS NULL
                              AND workspace_id <> :id)
                OR EXISTS (SELECT 1 FROM server.bead_claims
                            WHERE project_id = :project AND alias = :alias AND workspace_id <> :id)
            """)
        .bind("project", projectId).bind("alias", alias).bind("id", id).mapTo(Boolean.class).one();
    if (db) {
      return true;
    }
    return presence.aliasOwner(projectId.toString(), alias).filter(o -> !o.equals(id.toString())).isPresent();
  }

  /** §4.2: presence refresh of a workspace; no database write. */
  public Map<String, Object> registerPresence(Caller c, Registration r) {
    record Found(WorkspaceRow w, String slug, String canonical) {
    }
    Found f = db.read(h -> {
      WorkspaceRow w = WorkspaceAccess.check(h, c, r.workspaceId());
      String canonical = w.repoId() == null ? null
          : RepoStore.find(h, w.repoId()).map(RepoStore.Repo::canonicalOrigin).orElse(null);
      return new Found(w, ProjectStore.slug(h, c.projectId()), canonical);
    });
    WorkspaceRow w = f.w();
    String human = r.humanName() != null ? r.humanName() : w.humanName();
    String role = r.role() != null ? r.role() : w.role();
    int ttl = r.ttlSeconds() != null ? r.ttlSeconds() : presenceTtl;
    String registeredAt;
    try {
      registeredAt = presence.upsert(new PresenceRecord(w.workspaceId().toString(), w.alias(), human,
          c.projectId().toString(), f.slug(), w.repoId() == null ? "" : w.repoId().toString(), "",
          r.program() == null ? "" : r.program(), r.model() == null ? "" : r.model(), "active",
          r.branch() == null ? "" : r.branch(), null, f.canonical(), role, null), ttl);
    } catch (RuntimeException e) {
      log.warn("presence write failed for workspace {}", w.workspaceId(), e);
      registeredAt = Times.isoOffset(clock.instant());
    }
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("alias", w.alias());
    agent.put("human_name", human);
    agent.put("project_slug", f.slug());
    agent.put("program", r.program());
    agent.put("model", r.model());
    agent.put("member", null);
    agent.put("repo", r.repo());
    agent.put("branch", r.branch());
    agent.put("role", role);
    agent.put("registered_at", registeredAt);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("agent", agent);
    out.put("workspace", Map.of("workspace_id", w.workspaceId().toString()));
    return out;
  }

  /** §2.8. */
  public WorkspaceInfo patch(Caller c, UUID id, Patch p) {
    ActorBinding.check(c, id);
    db.tx(h -> {
      WorkspaceRow w = WorkspaceStore.find(h, id).filter(x -> x.projectId().equals(c.projectId()))
          .orElseThrow(() -> ApiError.notFound(WorkspaceAccess.NOT_FOUND));
      if (!w.live()) {
        throw ApiError.gone(WorkspaceAccess.DELETED);
      }
      Map<String, String> stored = Map.of("alias", w.alias(), "project_id", w.projectId().toString(),
          "repo_id", String.valueOf(w.repoId()), "workspace_type", w.workspaceType());
      for (Map.Entry<String, String> e : p.immutable().entrySet()) {
        if (!stored.get(e.getKey()).equals(e.getValue())) {
          throw ApiError.conflict(e.getKey() + " is immutable");
        }
      }
      if (!p.set().isEmpty()) {
        WorkspaceSql.guarded(() -> {
          WorkspaceStore.update(h, id, p.set());
          return null;
        }, () -> ApiError.conflict("alias is immutable"));
      }
      return null;
    });
    try {
      Map<String, String> s = p.set();
      presence.update(id.toString(), rec -> new PresenceRecord(rec.workspaceId(), rec.alias(),
          s.containsKey("human_name") ? s.get("human_name") : rec.humanName(), rec.projectId(), rec.projectSlug(),
          rec.repoId(), rec.memberEmail(), rec.program(), rec.model(), rec.status(),
          s.containsKey("current_branch") ? nz(s.get("current_branch")) : rec.currentBranch(), rec.lastSeen(),
          rec.canonicalOrigin(), s.containsKey("role") ? nz(s.get("role")) : rec.role(),
          s.containsKey("timezone") ? nz(s.get("timezone")) : rec.timezone()));
    } catch (RuntimeException e) {
      log.warn("presence update failed for workspace {}", id, e);
    }
    return reads.get(c, id);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /** §2.9: soft delete with the cascade in one transaction; presence and events after commit. */
  public Map<String, Object> delete(Caller c, UUID id, String raw) {
    record Done(WorkspaceCascade.Ended ended, String alias, OffsetDateTime deletedAt) {
    }
    Done d = db.tx(h -> {
      cascade.lockAgents(h, List.of(id));
      WorkspaceRow w = WorkspaceStore.findForUpdate(h, id).filter(x -> x.projectId().equals(c.projectId()))
          .orElseThrow(() -> ApiError.notFound("Workspace " + raw + " not found"));
      if (!w.live()) {
        throw ApiError.notFound("Workspace " + raw + " is already deleted");
      }
      String slug = ProjectStore.slug(h, c.projectId());
      WorkspaceCascade.Ended ended = cascade.end(h, c.projectId(), slug, List.of(id), clock.instant());
      cascade.endAgents(h, c.projectId(), List.of(id));
      OffsetDateTime at = WorkspaceStore.find(h, id).orElseThrow().deletedAt();
      return new Done(ended, w.alias(), at);
    });
    cascade.afterCommit(d.ended());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("workspace_id", id.toString());
    out.put("alias", d.alias());
    out.put("deleted_at", Times.isoOffset(d.deletedAt()));
    return out;
  }

  /** §2.10: clears deleted_at; claims and the agent stay ended. */
  public Map<String, Object> restore(Caller c, UUID id) {
    ActorBinding.check(c, id);
    return db.tx(h -> {
      WorkspaceRow w = WorkspaceStore.findForUpdate(h, id).filter(x -> x.projectId().equals(c.projectId()))
          .orElseThrow(() -> ApiError.notFound("Workspace " + id + " not found"));
      if (w.live()) {
        throw ApiError.conflict("Workspace " + id + " is already active (not deleted)");
      }
      ApiError taken = ApiError.conflict("Cannot restore: alias '" + w.alias() + "' is now used by another workspace");
      OffsetDateTime at = WorkspaceSql.guarded(() -> WorkspaceStore.restore(h, id), () -> taken);
      if (at == null) {
        throw taken;
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("workspace_id", id.toString());
      out.put("alias", w.alias());
      out.put("restored_at", Times.isoOffset(at));
      return out;
    });
  }
}
