package io.beadhub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.ApiError;
import io.beadhub.common.Uuids;
import io.beadhub.http.Body;
import io.beadhub.http.ValidationError;
import io.beadhub.names.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The body of {@code POST /v1/bdh/sync} and {@code /v1/bdh/command} (spec 40 §2.1, §3.1), validated. */
public record BdhRequest(UUID workspaceId, String alias, String humanName, String repoOrigin, String role,
                         boolean full, String issuesJsonl, String changedIssues, List<String> deletedIds,
                         String commandLine) {
  public static final int MAX_JSONL = 10_485_760;

  /** Identity fields shared by both routes. */
  private record Identity(UUID workspaceId, String alias, String humanName, String repoOrigin, String role) {
  }

  private static Identity identity(Body b) {
    String ws = b.requiredStr("workspace_id");
    if (ws.isBlank()) {
      throw ValidationError.body("workspace_id", "workspace_id cannot be empty", ws);
    }
    UUID id = Uuids.parse(ws).orElseThrow(() -> ValidationError.body("workspace_id", "Invalid workspace_id format", ws));
    b.str("repo_id");
    String alias = b.requiredStr("alias", 1, 64);
    if (!Names.isAlias(alias)) {
      throw ValidationError.body("alias", "Invalid alias format", alias);
    }
    String human = b.str("human_name", 64);
    if (human != null) {
      human = human.trim();
      if (!human.isEmpty() && !Names.isHumanName(human)) {
        throw ValidationError.body("human_name", "Invalid human_name format", human);
      }
    }
    String origin = b.requiredStr("repo_origin", 1, 2048);
    String role = b.str("role", 50);
    if (role != null) {
      role = Names.normalizeRole(role);
      if (!Names.isRole(role)) {
        throw ValidationError.body("role", Names.ROLE_MESSAGE, role);
      }
    }
    return new Identity(id, alias, human, origin, role);
  }

  public static BdhRequest sync(Body b) {
    Identity i = identity(b);
    String mode = b.str("sync_mode", 32);
    String m = mode == null ? "full" : mode.trim().toLowerCase(Locale.ROOT);
    String jsonl = b.str("issues_jsonl", MAX_JSONL);
    String changed = b.str("changed_issues", MAX_JSONL);
    List<String> deleted = deletedIds(b);
    b.integer("sync_protocol_version");
    String command = b.str("command_line", 8192);
    if (!m.equals("full") && !m.equals("incremental")) {
      throw ApiError.unprocessable("sync_mode must be 'full' or 'incremental'");
    }
    boolean full = m.equals("full");
    if (full && (jsonl == null || jsonl.isBlank())) {
      throw ApiError.unprocessable("issues_jsonl is required for full sync");
    }
    if (!full && (changed == null || changed.isBlank()) && deleted.isEmpty()) {
      throw ApiError.unprocessable("incremental sync requires changes or deletions");
    }
    return new BdhRequest(i.workspaceId(), i.alias(), i.humanName(), i.repoOrigin(), i.role(), full, jsonl, changed,
        deleted, command);
  }

  public static BdhRequest command(Body b) {
    Identity i = identity(b);
    String command = b.requiredStr("command_line", 1, 8192);
    return new BdhRequest(i.workspaceId(), i.alias(), i.humanName(), i.repoOrigin(), i.role(), false, null, null,
        List.of(), command);
  }

  private static List<String> deletedIds(Body b) {
    JsonNode v = b.raw("deleted_ids");
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw ValidationError.of("list_type", List.of("body", "deleted_ids"), "Input should be a valid list", v);
    }
    if (v.size() > 10_000) {
      throw ValidationError.of("too_long", List.of("body", "deleted_ids"),
          "List should have at most 10000 items after validation, not " + v.size(), null);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isTextual()) {
        throw ValidationError.of("string_type", List.of("body", "deleted_ids", i), "Input should be a valid string", e);
      }
      if (e.textValue().length() > 255) {
        throw ValidationError.of("string_too_long", List.of("body", "deleted_ids", i),
            "String should have at most 255 characters", e);
      }
      out.add(e.textValue());
    }
    return out;
  }
}
