package io.beadhub.repos;

import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Cursor;
import io.beadhub.common.Times;
import io.beadhub.db.Database;
import io.beadhub.projects.ProjectStore;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Repos (spec 30 §3): lookup (anonymous allowed), ensure, list and delete scoped to the caller's project. */
public final class RepoService {
  private final Database db;
  private final RepoWorkspaces cascade;
  private final Clock clock;

  public RepoService(Database db, RepoWorkspaces cascade, Clock clock) {
    this.db = db;
    this.cascade = cascade;
    this.clock = clock;
  }

  /** §3.1: {@code caller} null = anonymous. */
  public Map<String, Object> lookup(Caller caller, String canonical) {
    List<RepoStore.Candidate> found = new ArrayList<>(db.read(h -> RepoStore.candidates(h, canonical)));
    if (caller != null) {
      found.removeIf(c -> !c.projectId().equals(caller.projectId()));
    }
    if (found.isEmpty()) {
      throw ApiError.notFound("Repo not found: " + canonical);
    }
    if (found.size() > 1) {
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("message", "Repo " + canonical + " exists in multiple projects: "
          + String.join(", ", found.stream().map(RepoStore.Candidate::projectSlug).toList())
          + ". Choose a project slug and run 'bdh :init --project <slug>' (or authenticate with the correct project API key).");
      detail.put("canonical_origin", canonical);
      detail.put("candidates", found.stream().map(c -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("repo_id", c.repoId().toString());
        m.put("project_id", c.projectId().toString());
        m.put("project_slug", c.projectSlug());
        return m;
      }).toList());
      throw new ApiError(409, detail);
    }
    RepoStore.Candidate c = found.get(0);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("repo_id", c.repoId().toString());
    out.put("project_id", c.projectId().toString());
    out.put("project_slug", c.projectSlug());
    out.put("canonical_origin", c.canonicalOrigin());
    out.put("name", c.name());
    return out;
  }

  /** §3.2. */
  public Map<String, Object> ensure(Caller c, UUID projectId, String originUrl, String canonical) {
    if (!projectId.equals(c.projectId())) {
      throw ApiError.notFound("Project not found");
    }
    return db.tx(h -> {
      ProjectStore.Project p = ProjectStore.findLive(h, projectId)
          .orElseThrow(() -> ApiError.notFound("Project not found"));
      ProjectStore.upsertServerProject(h, p.projectId(), p.slug(), p.name(), p.tenantId());
      RepoStore.Upserted u = RepoStore.upsert(h, projectId, originUrl, canonical);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("repo_id", u.repo().id().toString());
      out.put("canonical_origin", u.repo().canonicalOrigin());
      out.put("name", u.repo().name());
      out.put("created", u.created());
      return out;
    });
  }

  /** §3.3: {@code projectFilter} other than the caller's project gives an empty page. */
  public Map<String, Object> list(Caller c, UUID projectFilter, OffsetDateTime afterCreated, UUID afterId, int limit) {
    List<RepoStore.Listed> rows = projectFilter != null && !projectFilter.equals(c.projectId()) ? List.of()
        : db.read(h -> RepoStore.list(h, c.projectId(), afterCreated, afterId, limit + 1));
    boolean more = rows.size() > limit;
    List<RepoStore.Listed> page = more ? rows.subList(0, limit) : rows;
    List<Map<String, Object>> items = page.stream().map(r -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.id().toString());
      m.put("project_id", r.projectId().toString());
      m.put("canonical_origin", r.canonicalOrigin());
      m.put("name", r.name());
      m.put("created_at", Times.isoZ(r.createdAt().toInstant()));
      m.put("workspace_count", r.workspaceCount());
      return m;
    }).toList();
    String next = null;
    if (more) {
      RepoStore.Listed last = page.get(page.size() - 1);
      next = Cursor.encode(Map.of("created_at", Times.isoZ(last.createdAt().toInstant()), "id", last.id().toString()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("repos", items);
    out.put("has_more", more);
    out.put("next_cursor", next);
    return out;
  }

  /** §3.4: the repo's live workspaces end with their agents and claims, in one transaction. */
  public Map<String, Object> delete(Caller c, UUID repoId) {
    record Done(RepoWorkspaces.Ended ended, int claims) {
    }
    Done d = db.tx(h -> {
      RepoStore.Repo repo = RepoStore.find(h, repoId)
          .filter(r -> r.deletedAt() == null && r.projectId().equals(c.projectId()))
          .orElseThrow(() -> ApiError.notFound("Repo not found"));
      List<UUID> ws = RepoStore.liveWorkspaces(h, repo.id());
      int claims = RepoStore.claimCount(h, ws);
      RepoWorkspaces.Ended ended = cascade.endWithAgents(h, c.projectId(), ProjectStore.slug(h, c.projectId()), ws,
          clock.instant());
      if (!RepoStore.softDelete(h, repo.id())) {
        throw ApiError.notFound("Repo not found");
      }
      return new Done(ended, claims);
    });
    int cleared = d.ended().afterCommit().getAsInt();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", repoId.toString());
    out.put("workspaces_deleted", d.ended().workspaces());
    out.put("claims_deleted", d.claims());
    out.put("presence_cleared", cleared);
    return out;
  }
}
