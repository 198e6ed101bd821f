package io.beadhub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.beads.Formats;
import io.beadhub.beads.JsonRecords;
import io.beadhub.common.Access;
import io.beadhub.common.ApiError;
import io.beadhub.common.Json;
import io.beadhub.http.Body;
import io.beadhub.http.Query;
import io.beadhub.http.Router;
import io.beadhub.http.ValidationError;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** HTTP for {@code POST /v1/beads/upload} and {@code /upload-jsonl} (spec 40 §5.1–5.2). */
public final class UploadRoutes {
  private static final long UPLOAD_LIMIT = 32L * 1024 * 1024;
  private static final long JSONL_LIMIT = 10_485_760L;

  private UploadRoutes() {
  }

  public static void register(Router r, UploadService uploads) {
    r.post("/v1/beads/upload", Access.PROJECT, UPLOAD_LIMIT, req -> {
      Body b = req.body(JsonRecords.itemsOf("issues"));
      String repo = Formats.requiredRepo(b);
      String branch = Formats.branchOrMain(b.str("branch"));
      JsonNode issues = b.raw("issues");
      if (issues == null) {
        throw Body.missing("issues");
      }
      if (!issues.isArray()) {
        throw ValidationError.of("list_type", List.of("body", "issues"), "Input should be a valid list", issues);
      }
      if (issues.size() > JsonRecords.MAX_ISSUES) {
        throw ApiError.badRequest("Too many issues: exceeds limit of " + JsonRecords.MAX_ISSUES);
      }
      List<JsonRecords.Parsed> items = new ArrayList<>();
      for (int i = 0; i < issues.size(); i++) {
        JsonRecords.checkDepth(issues.get(i), i + 1);
        items.add(new JsonRecords.Parsed(i + 1, issues.get(i)));
      }
      return uploads.upload(req.caller(), repo, branch, items, "json");
    }).returns(UploadService.UploadResponse.class).accepts(SyncRequests.Upload.class);
    r.post("/v1/beads/upload-jsonl", Access.PROJECT, JSONL_LIMIT, req -> {
      Query q = req.query();
      String repo = q.str("repo");
      if (repo == null) {
        throw ValidationError.of("missing", List.of("query", "repo"), "Field required", null);
      }
      if (!Formats.isRepo(repo)) {
        throw ApiError.unprocessable("Invalid repo: " + Formats.first(repo, 50));
      }
      String branch = Formats.branchOrMain(q.str("branch"));
      byte[] bytes = req.bytes();
      if (bytes.length == 0) {
        throw ValidationError.of("missing", List.of("body"), "Field required", null);
      }
      String text;
      try {
        text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        throw ApiError.badRequest("Body is not valid UTF-8");
      }
      String ct = req.ctx().contentType();
      if (ct != null && ct.toLowerCase().startsWith("application/json") && text.trim().startsWith("\"")) {
        try {
          JsonNode s = Json.MAPPER.readTree(text);
          if (s.isTextual()) {
            text = s.textValue();
          }
        } catch (Exception ignored) {
          // not one JSON string: the text is JSONL
        }
      }
      return uploads.upload(req.caller(), repo, branch, JsonRecords.parseJsonl(text), "jsonl");
    }).returns(UploadService.UploadResponse.class).acceptsText("application/x-ndjson")
        .summary("The body is JSON Lines text (any Content-Type), one bead record a line");
  }
}
