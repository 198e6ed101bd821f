package io.beadhub.claims;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.ApiError;
import io.beadhub.common.Cursor;
import io.beadhub.common.Json;
import io.beadhub.common.Times;
import io.beadhub.common.Uuids;
import io.beadhub.db.Database;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** {@code GET /v1/claims} (spec 40 §4.6): the project's active claims, newest first. */
public record ClaimService(Database db) {
  /** The filters (null: none), the cursor of the page before (null: the first) and the page size. */
  public record ClaimQuery(UUID workspace, String repo, String beadId, String cursor, int limit) {
  }

  public record ClaimView(String beadId, String workspaceId, String alias, String humanName, String claimedAt,
                          String projectId, String repo) {
  }

  public record ClaimList(List<ClaimView> claims, boolean hasMore, String nextCursor) {
  }

  /** The position a cursor holds: after the claim made at {@code time} with {@code id} (null: any id then). */
  private record After(OffsetDateTime time, UUID id) {
    static final After NONE = new After(null, null);
  }

  public ClaimList list(UUID project, ClaimQuery q) {
    After after = after(Cursor.decode(q.cursor()));
    List<ClaimStore.Claim> rows = db.read(h -> ClaimStore.list(h, project, q.workspace(), q.repo(), q.beadId(),
        after.time(), after.id(), q.limit() + 1));
    boolean more = rows.size() > q.limit();
    List<ClaimStore.Claim> page = more ? rows.subList(0, q.limit()) : rows;
    List<ClaimView> claims = page.stream().map(x -> new ClaimView(x.beadId(), x.workspaceId().toString(), x.alias(),
        x.humanName(), Times.isoOffset(x.claimedAt()), project.toString(), x.repo())).toList();
    return new ClaimList(claims, more, more ? cursor(page.get(page.size() - 1)) : null);
  }

  private static String cursor(ClaimStore.Claim last) {
    ObjectNode n = Json.object();
    n.put("claimed_at", last.claimedAt().toString());
    n.put("id", last.id().toString());
    return Cursor.encode(n);
  }

  private static After after(ObjectNode c) {
    if (c == null || !c.hasNonNull("claimed_at")) {
      return After.NONE;
    }
    OffsetDateTime time;
    try {
      time = OffsetDateTime.parse(c.get("claimed_at").asText());
    } catch (RuntimeException e) {
      throw ApiError.unprocessable("Invalid cursor: bad timestamp (" + c.get("claimed_at").asText() + ")");
    }
    UUID id = !c.hasNonNull("id") ? null
        : Uuids.parse(c.get("id").asText()).orElseThrow(() -> ApiError.unprocessable("Invalid cursor: bad id"));
    return new After(time, id);
  }
}
