package io.beadhub.status;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Json;
import io.beadhub.common.Times;
import io.beadhub.db.Database;
import io.beadhub.http.RawJson;
import io.beadhub.presence.Presence;
import io.beadhub.presence.PresenceRecord;
import io.beadhub.workspaces.WorkspaceAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /v1/status} (spec 30 §6.1): no cache, one statement, one presence read. The body is
 * written with a JSON generator: serialising a tree of maps cost more than the query.
 */
public final class StatusService {
  private final Database db;
  private final Presence presence;
  private final Clock clock;

  public StatusService(Database db, Presence presence, Clock clock) {
    this.db = db;
    this.presence = presence;
    this.clock = clock;
  }

  public RawJson snapshot(Caller c, UUID workspaceId, UUID repoId) {
    UUID project = c.projectId();
    StatusStore.Scope scope = workspaceId != null ? StatusStore.Scope.WORKSPACE
        : repoId != null ? StatusStore.Scope.REPO : StatusStore.Scope.PROJECT;
    StatusStore.Snapshot s = db.jdbc(conn -> StatusStore.read(conn, scope, project,
        workspaceId != null ? workspaceId : repoId, !c.publicReader()));
    if (scope == StatusStore.Scope.WORKSPACE && s.workspaces().isEmpty()) {
      throw ApiError.notFound(WorkspaceAccess.NOT_FOUND);
    }
    List<PresenceRecord> live = s.workspaces().isEmpty() ? List.of()
        : presence.getMany(s.workspaces().stream().map(UUID::toString).toList());
    ByteArrayBuilder buf = new ByteArrayBuilder(4096);
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(buf)) {
      g.writeStartObject();
      writeHeader(g, scope, s, project, workspaceId, repoId);
      writeAgents(g, c, project.toString(), live, s.claims());
      writeClaims(g, project.toString(), s.claims());
      g.writeNumberField("escalations_pending", s.pendingEscalations());
      g.writeStringField("timestamp", Times.isoOffset(clock.instant()));
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RawJson(buf.toByteArray());
  }

  private static void writeHeader(JsonGenerator g, StatusStore.Scope scope, StatusStore.Snapshot s, UUID project,
                                  UUID workspaceId, UUID repoId) throws IOException {
    g.writeObjectFieldStart("workspace");
    switch (scope) {
      case WORKSPACE -> {
        g.writeStringField("workspace_id", workspaceId.toString());
        g.writeStringField("project_id", project.toString());
        g.writeStringField("project_slug", s.slug());
      }
      case REPO -> {
        g.writeStringField("repo_id", repoId.toString());
        g.writeNumberField("workspace_count", s.workspaces().size());
        g.writeStringField("project_id", project.toString());
        g.writeStringField("project_slug", s.slug());
      }
      case PROJECT -> {
        g.writeStringField("project_id", project.toString());
        g.writeStringField("project_slug", s.slug());
        g.writeNumberField("workspace_count", s.workspaces().size());
      }
    }
    g.writeEndObject();
  }

  /** One entry per live presence record of the set, in set order; {@code current_issue} = newest claim. */
  private static void writeAgents(JsonGenerator g, Caller c, String project, List<PresenceRecord> live,
                                  List<StatusStore.Claim> claims) throws IOException {
    Map<String, String> currentIssue = new HashMap<>();
    for (StatusStore.Claim cl : claims) {
      currentIssue.putIfAbsent(cl.workspaceId().toString(), cl.beadId());
    }
    g.writeArrayFieldStart("agents");
    for (PresenceRecord p : live) {
      if (!project.equals(p.projectId())) {
        continue;
      }
      g.writeStartObject();
      g.writeStringField("workspace_id", p.workspaceId());
      g.writeStringField("alias", nullIfEmpty(p.alias()));
      g.writeStringField("member", c.publicReader() ? null : nullIfEmpty(p.memberEmail()));
      g.writeStringField("human_name", nullIfEmpty(p.humanName()));
      g.writeStringField("program", nullIfEmpty(p.program()));
      g.writeStringField("role", nullIfEmpty(p.role()));
      g.writeStringField("status", p.status() == null || p.status().isEmpty() ? "unknown" : p.status());
      g.writeStringField("current_branch", nullIfEmpty(p.currentBranch()));
      g.writeStringField("canonical_origin", nullIfEmpty(p.canonicalOrigin()));
      g.writeStringField("timezone", nullIfEmpty(p.timezone()));
      g.writeStringField("current_issue", currentIssue.get(p.workspaceId()));
      g.writeStringField("last_seen", p.lastSeen());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** The claims, then one conflict per (repo, bead) claimed more than once, in order of first appearance. */
  private static void writeClaims(JsonGenerator g, String project, List<StatusStore.Claim> claims)
      throws IOException {
    Map<String, List<StatusStore.Claim>> conflicts = new LinkedHashMap<>();
    g.writeArrayFieldStart("claims");
    for (StatusStore.Claim cl : claims) {
      g.writeStartObject();
      g.writeStringField("bead_id", cl.beadId());
      g.writeStringField("workspace_id", cl.workspaceId().toString());
      g.writeStringField("alias", cl.alias());
      g.writeStringField("human_name", cl.humanName());
      g.writeStringField("claimed_at", Times.isoOffset(cl.claimedAt()));
      g.writeNumberField("claimant_count", cl.claimantCount());
      g.writeStringField("title", cl.title());
      g.writeStringField("project_id", project);
      g.writeEndObject();
      if (cl.claimantCount() > 1) {
        conflicts.computeIfAbsent(cl.repo() + "\u0000" + cl.beadId(), k -> new ArrayList<>()).add(cl);
      }
    }
    g.writeEndArray();
    g.writeArrayFieldStart("conflicts");
    for (List<StatusStore.Claim> who : conflicts.values()) {
      g.writeStartObject();
      g.writeStringField("bead_id", who.get(0).beadId());
      g.writeArrayFieldStart("claimants");
      for (StatusStore.Claim cl : who) {
        g.writeStartObject();
        g.writeStringField("alias", cl.alias());
        g.writeStringField("human_name", cl.humanName());
        g.writeStringField("workspace_id", cl.workspaceId().toString());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static String nullIfEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
