package io.beadhub.escalations;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Access;
import io.beadhub.common.ApiError;
import io.beadhub.common.Uuids;
import io.beadhub.http.Body;
import io.beadhub.http.Query;
import io.beadhub.http.Router;
import io.beadhub.http.ValidationError;
import io.beadhub.names.Names;
import io.beadhub.repos.RepoQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** {@code /v1/escalations/*} (spec 50 §4). */
public final class EscalationRoutes {
  private static final String BAD_ID = "Invalid escalation_id: must be a UUID";
  private static final String BAD_WORKSPACE = "Invalid workspace_id format";
  private static final List<String> STATUSES = List.of("expired", "pending", "responded");

  private EscalationRoutes() {
  }

  public static void register(Router r, EscalationService escalations) {
    r.post("/v1/escalations", Access.PROJECT, req -> escalations.create(req.caller(), newEscalation(req.body())))
        .returns(EscalationService.Created.class)
        .accepts(EscalationRequests.NewEscalation.class);
    r.get("/v1/escalations", Access.PUBLIC, req -> {
      Query q = req.query();
      UUID workspaceId = optionalUuid(q.str("workspace_id"), BAD_WORKSPACE);
      String rawRepo = q.str("repo_id");
      UUID repoId = RepoQuery.id(rawRepo == null || rawRepo.isEmpty() ? null : rawRepo);
      String status = q.filter("status", 20);
      if (status != null && !STATUSES.contains(status)) {
        throw ApiError.unprocessable("Invalid status: must be one of ['expired', 'pending', 'responded']");
      }
      String alias = q.filter("alias", 64);
      if (alias != null && !Names.isAlias(alias)) {
        throw ApiError.unprocessable(Names.ALIAS_MESSAGE);
      }
      int limit = q.integer("limit", 50, 1, 200);
      EscalationCursor cursor = EscalationCursor.decode(q.str("cursor"));
      return escalations.list(req.caller(), new EscalationFilter(workspaceId, repoId, status, alias, cursor, limit));
    }).returns(EscalationService.Page.class);
    r.get("/v1/escalations/{escalation_id}", Access.PUBLIC, req -> {
      UUID id = req.pathUuidPlain("escalation_id", BAD_ID);
      UUID workspaceId = optionalUuid(req.query().str("workspace_id"), BAD_WORKSPACE);
      return escalations.get(req.caller(), id, workspaceId);
    }).returns(EscalationService.Detail.class);
    r.post("/v1/escalations/{escalation_id}/respond", Access.PROJECT, req -> {
      UUID id = req.pathUuidPlain("escalation_id", BAD_ID);
      Body b = req.body();
      String response = b.requiredStr("response", 1, 65536);
      String note = b.str("note", 65536);
      return escalations.respond(req.caller(), id, response, note);
    }).returns(EscalationService.Responded.class).accepts(EscalationRequests.Response.class);
  }

  static EscalationService.NewEscalation newEscalation(Body b) {
    String ws = b.requiredStr("workspace_id");
    if (ws.isBlank()) {
      throw ValidationError.body("workspace_id", "workspace_id cannot be empty", ws);
    }
    UUID workspaceId = Uuids.parse(ws).orElseThrow(() -> ValidationError.body("workspace_id", BAD_WORKSPACE, ws));
    String alias = b.requiredStr("alias", 1, 64);
    if (!Names.isAlias(alias)) {
      throw ValidationError.body("alias", Names.ALIAS_MESSAGE, alias);
    }
    String subject = b.requiredStr("subject", 1, 4096);
    String situation = b.requiredStr("situation", 1, 65536);
    List<String> options = options(b.raw("options"));
    Long hours = b.integer("expires_in_hours", 1, 8760);
    String email = b.str("member_email", 320);
    return new EscalationService.NewEscalation(workspaceId, alias, subject, situation, options,
        hours == null ? 4 : hours.intValue(), email);
  }

  /** An array of strings or null; an empty array is stored as null. */
  private static List<String> options(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      throw ValidationError.of("list_type", List.of("body", "options"), "Input should be a valid list", v);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual()) {
        throw ValidationError.of("string_type", List.of("body", "options", i), "Input should be a valid string",
            v.get(i));
      }
      out.add(v.get(i).textValue());
    }
    return out.isEmpty() ? null : out;
  }

  /** Absent or empty → null; otherwise a UUID, else a plain-string 422. */
  private static UUID optionalUuid(String raw, String message) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    return Uuids.parse(raw).orElseThrow(() -> ApiError.unprocessable(message));
  }
}
