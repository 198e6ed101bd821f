package io.beadhub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.beads.Formats;
import io.beadhub.beads.JsonRecords;
import io.beadhub.common.Access;
import io.beadhub.http.Body;
import io.beadhub.http.Router;
import io.beadhub.http.ValidationError;
import java.util.ArrayList;
import java.util.List;

/** HTTP of {@code POST /v1/beads/ephemeral} (spec 60 §5.10). */
public final class EphemeralRoutes {
  static final long BODY_LIMIT = 10L * 1024 * 1024;
  static final int MAX_RECORDS = 1000;

  private EphemeralRoutes() {
  }

  public static void register(Router r, EphemeralService s) {
    r.post("/v1/beads/ephemeral", Access.PROJECT, BODY_LIMIT, req -> {
      Body b = req.body(JsonRecords.itemsOf("records"));
      String repo = Formats.requiredRepo(b);
      String branch = b.str("branch");
      if (branch == null) {
        branch = "main";
      } else if (!Formats.isBranch(branch)) {
        throw ValidationError.body("branch", "Invalid branch name", branch);
      }
      JsonNode records = b.raw("records");
      if (records == null) {
        throw Body.missing("records");
      }
      if (!records.isArray()) {
        throw ValidationError.of("list_type", List.of("body", "records"), "Input should be a valid list", records);
      }
      if (records.isEmpty()) {
        throw ValidationError.of("too_short", List.of("body", "records"),
            "List should have at least 1 item after validation, not 0", records);
      }
      if (records.size() > MAX_RECORDS) {
        throw ValidationError.of("too_long", List.of("body", "records"),
            "List should have at most " + MAX_RECORDS + " items after validation, not " + records.size(), null);
      }
      Long ttl = b.integer("ttl_seconds", 60, 604_800);
      List<JsonRecords.Parsed> items = new ArrayList<>();
      for (int i = 0; i < records.size(); i++) {
        JsonRecords.checkDepth(records.get(i), i + 1);
        items.add(new JsonRecords.Parsed(i + 1, records.get(i)));
      }
      return s.push(req.caller(), repo, branch, items, ttl == null ? 86_400 : ttl.intValue());
    }).returns(EphemeralService.PushResponse.class).accepts(SyncRequests.Ephemeral.class);
  }
}
