package io.beadhub.beads;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import io.beadhub.common.Times;
import java.util.List;

/**
 * The issue views of {@code /v1/beads} (spec 40 §5.3–5.5). The stored bead record ({@code record}) is
 * open data and passes through as it was synced; so do the stored state's JSON columns.
 */
public final class IssueViews {
  private IssueViews() {
  }

  /** The fields every issue view opens with. */
  public record Head(String beadId, String repo, String branch, String title, String status, int priority,
                     String type, String assignee, String createdBy, List<String> labels, JsonNode blockedBy,
                     JsonNode parentId, String createdAt, String updatedAt, Object currentReservation) {
  }

  /** An issue of the list; {@code record} only with {@code fields=full}. */
  public record Item(@JsonUnwrapped Head head, List<Object> reservations, boolean blocked, String source,
                     String removedAt, String removalReason,
                     @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode record) {
  }

  public record IssueList(List<Item> issues, int count, boolean hasMore, String nextCursor, String syncedAt) {
  }

  /** Another (repo, branch) holding the same bead id. */
  public record Place(String repo, String branch) {
  }

  /** One issue; {@code record} only with {@code full=true}. */
  public record Detail(@JsonUnwrapped Head head, boolean blocked, String source, String removedAt,
                       String removalReason, String projectId, String description, List<Place> alsoIn,
                       JsonNode blockedReasons, @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode record) {
  }

  /** The other workspace holding a claim on a ready issue. */
  public record ClaimedBy(String workspaceId, String alias) {
  }

  public record ReadyItem(String beadId, String repo, String branch, String title, String status, int priority,
                          String type, List<Object> blockedBy, Object currentReservation, String assignee,
                          List<String> labels, String createdAt, JsonNode parentId, ClaimedBy claimedBy) {
  }

  public record ReadyList(List<ReadyItem> issues, int count) {
  }

  static Head head(BeadsStore.Row row) {
    return new Head(row.beadId(), row.repo(), row.branch(), row.title(), row.status(), row.priority(), row.type(),
        row.assignee(), row.createdBy(), labels(row), jsonOr(row.blockedByJson(), Json.MAPPER.createArrayNode()),
        jsonOr(row.parentJson(), null), Times.isoOffset(row.createdAt()), Times.isoOffset(row.updatedAt()), null);
  }

  static Item item(BeadsStore.Row row, boolean full) {
    return new Item(head(row), List.of(), row.blocked(), row.source(), Times.isoOffset(row.deletedAt()),
        row.removalReason(), full && row.raw() != null ? Json.tree(row.raw()) : null);
  }

  static ReadyItem ready(BeadsStore.ReadyRow r) {
    BeadsStore.Row row = r.row();
    return new ReadyItem(row.beadId(), row.repo(), row.branch(), row.title(), row.status(), row.priority(),
        row.type(), List.of(), null, row.assignee(), labels(row), Times.isoOffset(row.createdAt()),
        jsonOr(row.parentJson(), null),
        r.claimedByWorkspace() == null ? null : new ClaimedBy(r.claimedByWorkspace(), r.claimedByAlias()));
  }

  /** An empty label list is shown as null. */
  private static List<String> labels(BeadsStore.Row row) {
    return row.labels().isEmpty() ? null : row.labels();
  }

  static JsonNode jsonOr(String json, JsonNode dflt) {
    return json == null ? dflt : Json.tree(json);
  }
}
