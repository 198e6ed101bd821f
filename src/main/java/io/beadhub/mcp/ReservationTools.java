package io.beadhub.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.Json;
import io.beadhub.reservations.ReservationRoutes;
import io.beadhub.reservations.ReservationService;
import java.util.LinkedHashSet;
import java.util.List;

/** File locks (spec 90 §2, ours; spec 20 §4): {@code reserve_files}, {@code release_files}, {@code list_reservations}. */
final class ReservationTools {
  static final int MAX_PATHS = 100;

  private final ReservationService reservations;

  ReservationTools(ReservationService reservations) {
    this.reservations = reservations;
  }

  List<Tool> tools() {
    return List.of(reserve(), release(), list());
  }

  private static Schema paths(Schema s, String what) {
    return s.strings("paths", what, MAX_PATHS).required("paths");
  }

  private static final Schema HELD = Schema.object().field("status", "string").field("resource_key", "string")
      .field("holder_alias", "string").field("acquired_at", "string").field("expires_at", "string")
      .required("status", "resource_key");

  private Tool reserve() {
    Schema in = paths(Schema.object(), "Files (or any keys) to lock, all or none")
        .integer("ttl_seconds", "Lock lifetime in seconds (clamped to 60..3600, default 60)", 1, 86_400)
        .text("reason", "Why you hold them, shown to others", 1024);
    Schema out = Schema.object().list("reservations", HELD).field("count", "integer").required("reservations", "count");
    return new Tool("reserve_files", "Lock files for yourself so other agents do not edit them; all or none.",
        Tool.Effect.SET, in, out, c -> {
          ObjectNode meta = Json.object();
          if (c.trimmed("reason") != null) {
            meta.put("reason", c.trimmed("reason"));
          }
          Integer ttl = c.integer("ttl_seconds");
          return Listed.of(reservations.acquireAll(c.caller(), keys(c), ttl == null ? 60 : ttl, meta));
        });
  }

  private Tool release() {
    Schema out = Schema.object().list("reservations", HELD).field("count", "integer").required("reservations", "count");
    return new Tool("release_files", "Release file locks you hold.", Tool.Effect.REMOVE,
        paths(Schema.object(), "Files (keys) to release"), out,
        c -> Listed.of(reservations.releaseAll(c.caller(), keys(c))));
  }

  private Tool list() {
    Schema in = Schema.object().field("prefix", "string", "Only keys starting with this")
        .field("alias", "string", "Only locks held by this agent");
    Schema item = Schema.object().field("resource_key", "string").field("holder_alias", "string")
        .field("expires_at", "string").field("reason", "string|null").field("ttl_remaining_seconds", "integer")
        .required("resource_key", "holder_alias");
    Schema out = Schema.object().list("reservations", item).field("count", "integer").required("reservations", "count");
    return new Tool("list_reservations", "List the file locks held in the project.", Tool.Effect.READ, in, out,
        c -> reservations.list(c.caller(), c.trimmed("prefix"), null, c.trimmed("alias")));
  }

  private static List<String> keys(ToolCall c) {
    List<String> paths = c.strings("paths");
    if (paths == null || paths.isEmpty()) {
      throw new ToolError("paths must name at least one file");
    }
    for (String p : paths) {
      if (p.length() > ReservationRoutes.MAX_KEY) {
        throw new ToolError("path too long: " + p.substring(0, 50) + "...");
      }
    }
    return List.copyOf(new LinkedHashSet<>(paths));
  }

  /** What {@code reserve_files} and {@code release_files} answer: one item per key, as the one-key routes do. */
  record Listed<T>(List<T> reservations, int count) {
    static <T> Listed<T> of(List<T> items) {
      return new Listed<>(items, items.size());
    }
  }
}
