package io.beadhub.repos;

import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Times;
import io.beadhub.db.Database;
import io.beadhub.projects.ProjectStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Repos (spec 30 §3): lookup (anonymous allowed), ensure, list and delete scoped to the caller's project. */
public record RepoService(Database db, RepoWorkspaces cascade, Clock clock) {
  /** §3.1's 409 detail: the origin is registered in several projects. */
  public record Ambiguous(String message, String canonicalOrigin, List<Candidate> candidates) {
    public record Candidate(UUID repoId, UUID projectId, String projectSlug) {
    }
  }

  /** §3.2. */
  public record Ensured(UUID repoId, String canonicalOrigin, String name, boolean created) {
  }

  /** §3.3: a page of the project's repos; {@code nextCursor} is null on the last page. */
  public record Page(List<Item> repos, boolean hasMore, String nextCursor) {
    public record Item(UUID id, UUID projectId, String canonicalOrigin, String name, String createdAt,
                       long workspaceCount) {
    }
  }

  /** §3.4. */
  public record Deleted(UUID id, int workspacesDeleted, int claimsDeleted, int presenceCleared) {
  }

  /** §3.1: {@code caller} null = anonymous; the answer is the repo with its project. */
  public RepoStore.Candidate lookup(Caller caller, String canonical) {
    List<RepoStore.Candidate> found = new ArrayList<>(db.read(h -> RepoStore.candidates(h, canonical)));
    if (caller != null) {
      found.removeIf(c -> !c.projectId().equals(caller.projectId()));
    }
    if (found.isEmpty()) {
      throw ApiError.notFound("Repo not found: " + canonical);
    }
    if (found.size() > 1) {
      throw new ApiError(409, new Ambiguous("Repo " + canonical + " exists in multiple projects: "
          + String.join(", ", found.stream().map(RepoStore.Candidate::projectSlug).toList())
          + ". Choose a project slug and run 'bdh :init --project <slug>' (or authenticate with the correct project"
          + " API key).", canonical, found.stream()
          .map(c -> new Ambiguous.Candidate(c.repoId(), c.projectId(), c.projectSlug())).toList()));
    }
    return found.get(0);
  }

  /** §3.2. */
  public Ensured ensure(Caller c, UUID projectId, String originUrl, String canonical) {
    if (!projectId.equals(c.projectId())) {
      throw ApiError.notFound("Project not found");
    }
    return db.tx(h -> {
      ProjectStore.Project p = ProjectStore.findLive(h, projectId)
          .orElseThrow(() -> ApiError.notFound("Project not found"));
      ProjectStore.upsertServerProject(h, p.projectId(), p.slug(), p.name(), p.tenantId());
      RepoStore.Upserted u = RepoStore.upsert(h, projectId, originUrl, canonical);
      return new Ensured(u.repo().id(), u.repo().canonicalOrigin(), u.repo().name(), u.created());
    });
  }

  /** §3.3: {@code projectFilter} other than the caller's project gives an empty page. */
  public Page list(Caller c, UUID projectFilter, PageCursor after, int limit) {
    List<RepoStore.Listed> rows = projectFilter != null && !projectFilter.equals(c.projectId()) ? List.of()
        : db.read(h -> RepoStore.list(h, c.projectId(), after, limit + 1));
    boolean more = rows.size() > limit;
    List<RepoStore.Listed> page = more ? rows.subList(0, limit) : rows;
    List<Page.Item> items = page.stream().map(r -> new Page.Item(r.id(), r.projectId(), r.canonicalOrigin(),
        r.name(), Times.isoZ(r.createdAt().toInstant()), r.workspaceCount())).toList();
    String next = null;
    if (more) {
      RepoStore.Listed last = page.get(page.size() - 1);
      next = PageCursor.encode("created_at", Times.isoZ(last.createdAt().toInstant()), "id", last.id());
    }
    return new Page(items, more, next);
  }

  /** §3.4: the repo's live workspaces end with their agents and claims, in one transaction. */
  public Deleted delete(Caller c, UUID repoId) {
    record Done(RepoWorkspaces.Ended ended, int claims) {
    }
    Instant now = clock.instant();
    Done d = db.tx(h -> {
      RepoStore.Repo repo = RepoStore.find(h, repoId)
          .filter(r -> r.deletedAt() == null && r.projectId().equals(c.projectId()))
          .orElseThrow(() -> ApiError.notFound("Repo not found"));
      List<UUID> ws = RepoStore.liveWorkspaces(h, repo.id());
      int claims = RepoStore.claimCount(h, ws);
      RepoWorkspaces.Ended ended = cascade.endWithAgents(h, c.projectId(), ProjectStore.slug(h, c.projectId()), ws,
          now);
      if (!RepoStore.softDelete(h, repo.id(), now)) {
        throw ApiError.notFound("Repo not found");
      }
      return new Done(ended, claims);
    });
    int cleared = d.ended().afterCommit().getAsInt();
    return new Deleted(repoId, d.ended().workspaces(), d.claims(), cleared);
  }
}
