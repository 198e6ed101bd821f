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
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The workspace write rules (spec 30 §2.1–2.3, §2.8–2.10, §4.2). */
public record WorkspaceService(Database db, Presence presence, WorkspaceCascade cascade, WorkspaceReads reads,
                               Clock clock, int presenceTtl) {
  private static final Logger log = LoggerFactory.getLogger(WorkspaceService.class);

  /** {@code POST /v1/workspaces/register}: the canonical and the raw origin; the rest null when not supplied. */
  public record NewWorkspace(String canonicalOrigin, String rawOrigin, String role, String hostname,
                             String workspacePath) {
  }

  /** {@code PATCH /v1/workspaces/{id}}: {@code set} holds the supplied mutable columns (null values clear). */
  public record Patch(Map<String, String> set, Map<String, String> immutable) {
  }

  /** {@code POST /v1/agents/register}. */
  public record Registration(UUID workspaceId, String humanName, String program, String model, String repo,
                             String branch, String role, Integer ttlSeconds) {
  }

  /** §2.1; {@code repoId} is empty when the caller's project has no such repo. */
  public record NamePrefix(String namePrefix, UUID projectId, String projectSlug, String repoId,
                           String canonicalOrigin) {
  }

  /** §2.2. */
  public record Registered(UUID workspaceId, UUID projectId, String projectSlug, UUID repoId, String canonicalOrigin,
                           String alias, String humanName, boolean created) {
  }

  /** §2.3. */
  public record Beat(boolean ok, UUID workspaceId) {
  }

  /** §4.2: the presence written ({@code member} is never known here) and the workspace it belongs to. */
  public record PresenceRegistered(AgentPresence agent, WorkspaceRef workspace) {
    public record AgentPresence(String alias, String humanName, String projectSlug, String program, String model,
                                String member, String repo, String branch, String role, String registeredAt) {
    }

    public record WorkspaceRef(UUID workspaceId) {
    }
  }

  /** §2.9. */
  public record Deleted(UUID workspaceId, String alias, String deletedAt) {
  }

  /** §2.10. */
  public record Restored(UUID workspaceId, String alias, String restoredAt) {
  }

  /** §2.1: {@code caller} null = anonymous. */
  public NamePrefix suggestNamePrefix(Caller caller, String canonical) {
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
      return new NamePrefix(prefix, projectId, slug, repoId, canonical);
    });
  }

  /** §2.2: the calling agent's workspace for this repo, in one transaction. */
  public Registered register(Caller c, NewWorkspace n) {
    String role = n.role();
    return db.tx(h -> {
      Agent a = AgentIdentity.check(h, c);
      ProjectStore.Project p = ProjectStore.findLive(h, c.projectId())
          .orElseThrow(() -> ApiError.unauthorized("Invalid API key"));
      ProjectStore.upsertServerProject(h, p.projectId(), p.slug(), p.name(), p.tenantId());
      RepoStore.Repo repo = RepoStore.upsert(h, p.projectId(), n.rawOrigin(), n.canonicalOrigin()).repo();
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
        WorkspaceRaces.guarded(() -> {
          WorkspaceStore.reregister(h, w.workspaceId(), n.hostname(), n.workspacePath(), human, role);
          return null;
        }, () -> aliasUsed(a.alias()));
        created = false;
      } else {
        if (!WorkspaceStore.insertIfFree(h, a.agentId(), p.projectId(), repo.id(), a.alias(), human, role,
            n.hostname(), n.workspacePath())) {
          throw aliasUsed(a.alias());
        }
        created = true;
      }
      return new Registered(a.agentId(), p.projectId(), p.slug(), repo.id(), repo.canonicalOrigin(), a.alias(), human,
          created);
    });
  }

  private static ApiError aliasUsed(String alias) {
    return ApiError.conflict("Alias '" + alias + "' is already used in this project");
  }

  /** §2.3: the database row in one transaction, then presence (best effort). */
  public Beat heartbeat(Caller c, WorkspaceHeartbeat hb) {
    ActorBinding.check(c, hb.workspaceId());
    String id = hb.workspaceId().toString();
    record Result(WorkspaceRow w, String slug, String canonical) {
    }
    Instant now = clock.instant();
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
        WorkspaceStore.touchHeartbeat(h, hb, now);
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
        boolean inserted = WorkspaceRaces.guarded(() -> WorkspaceStore.insertIfFree(h, hb.workspaceId(),
            c.projectId(), repo.id(), hb.alias(), hb.humanName() == null ? "" : hb.humanName(), hb.role(),
            hb.hostname(), hb.workspacePath()), () -> aliasCollision(hb.alias()));
        if (!inserted) {
          throw aliasCollision(hb.alias());
        }
        WorkspaceStore.touchHeartbeat(h, hb, now);
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
    return new Beat(true, hb.workspaceId());
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
    return WorkspaceStore.aliasInUse(h, projectId, id, alias)
        || presence.aliasOwner(projectId.toString(), alias).filter(o -> !o.equals(id.toString())).isPresent();
  }

  /** §4.2: presence refresh of a workspace; no database write. */
  public PresenceRegistered registerPresence(Caller c, Registration r) {
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
    return new PresenceRegistered(new PresenceRegistered.AgentPresence(w.alias(), human, f.slug(), r.program(),
        r.model(), null, r.repo(), r.branch(), role, registeredAt),
        new PresenceRegistered.WorkspaceRef(w.workspaceId()));
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
        WorkspaceRaces.guarded(() -> {
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
  public Deleted delete(Caller c, UUID id, String raw) {
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
    return new Deleted(id, d.alias(), Times.isoOffset(d.deletedAt()));
  }

  /** §2.10: clears deleted_at; claims and the agent stay ended. */
  public Restored restore(Caller c, UUID id) {
    ActorBinding.check(c, id);
    return db.tx(h -> {
      WorkspaceRow w = WorkspaceStore.findForUpdate(h, id).filter(x -> x.projectId().equals(c.projectId()))
          .orElseThrow(() -> ApiError.notFound("Workspace " + id + " not found"));
      if (w.live()) {
        throw ApiError.conflict("Workspace " + id + " is already active (not deleted)");
      }
      ApiError taken = ApiError.conflict("Cannot restore: alias '" + w.alias() + "' is now used by another workspace");
      OffsetDateTime at = WorkspaceRaces.guarded(() -> WorkspaceStore.restore(h, id), () -> taken);
      if (at == null) {
        throw taken;
      }
      return new Restored(id, w.alias(), Times.isoOffset(at));
    });
  }
}
