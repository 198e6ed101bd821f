package io.beadhub.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * What an import changes in the rows it reads. Ids that are UUIDs are kept. Numbers a server hands out
 * from a server-wide counter are written by the export as ranks 1…n within the project and numbered anew
 * here, in the same order, after the target's own: beads.issues.id (and the issue references of the
 * issue tables), aweb.chat_messages.seq (and the read receipts' last_read_seq), server.events.event_id.
 * Two references may point forward in the stream and are set at the end: the project's active policy and
 * an agent's successor. Every row must belong to the header's project.
 */
final class Remap {
  private final Handle h;
  private final UUID projectId;
  private long[] issueIds = new long[1024];
  private int issues;
  private int pendingIssues;
  private long[] chatSeqs = new long[1024];
  private int chats;
  private int pendingChats;
  private long eventBase = -1;
  private long events;
  private UUID activePolicy;
  private final Map<UUID, UUID> successors = new HashMap<>();

  Remap(Handle h, UUID projectId) {
    this.h = h;
    this.projectId = projectId;
  }

  /** The generated column whose new values {@link #inserted} needs, for tables numbered here. */
  static String generatedColumn(String table) {
    return switch (table) {
      case "beads.issues" -> "id";
      case "aweb.chat_messages" -> "seq";
      default -> null;
    };
  }

  /** Rewrites {@code row} of {@code table} in place before it is inserted. */
  void incoming(String table, ObjectNode row, long lineNo) {
    checkProject(table, row, lineNo);
    switch (table) {
      case "aweb.namespaces" -> {
        String slug = row.path("slug").asText();
        UUID id = ProjectImport.uuid(row.path("namespace_id").asText(), "namespace_id");
        if (ImportStore.namespaceTaken(h, id, slug, row.path("deleted_at").isNull())) {
          throw new ExportFormat.Refused("the project's namespace '" + slug + "' is taken here by another"
              + " project; import only where it is free");
        }
      }
      case "server.projects" -> {
        activePolicy = uuidOrNull(row.path("active_policy_id"));
        row.putNull("active_policy_id");
      }
      case "aweb.agents" -> {
        UUID successor = uuidOrNull(row.path("successor_agent_id"));
        if (successor != null) {
          successors.put(ProjectImport.uuid(row.path("agent_id").asText(), "agent_id"), successor);
          row.putNull("successor_agent_id");
        }
      }
      case "beads.issues" -> expectRank(row.remove("id"), issues + (long) pendingIssues + 1, lineNo, table);
      case "beads.issue_labels", "beads.issue_deps", "beads.issue_state" -> issueRef(row, "issue_id", lineNo);
      case "beads.issue_parents" -> {
        issueRef(row, "child_id", lineNo);
        issueRef(row, "parent_id", lineNo);
      }
      case "aweb.chat_messages" -> expectRank(row.remove("seq"), chats + (long) pendingChats + 1, lineNo, table);
      case "aweb.chat_read_receipts" -> {
        JsonNode k = row.path("last_read_seq");
        if (k.canConvertToLong() && k.asLong() > 0) {
          row.put("last_read_seq", ref(chatSeqs, chats, k.asLong(), lineNo, "last_read_seq"));
        }
      }
      case "server.events" -> {
        if (eventBase < 0) {
          eventBase = ImportStore.lockEventCounter(h);
        }
        expectRank(row.path("event_id"), events + 1, lineNo, table);
        events++;
        row.put("event_id", eventBase + events);
      }
      default -> { }
    }
    if (table.equals("beads.issues")) {
      pendingIssues++;
    } else if (table.equals("aweb.chat_messages")) {
      pendingChats++;
    }
  }

  /** The generated values of a batch just inserted into {@code table}, in row order. */
  void inserted(String table, List<Long> generated) {
    if (table.equals("beads.issues")) {
      issueIds = append(issueIds, issues, generated);
      issues += generated.size();
      pendingIssues = 0;
    } else if (table.equals("aweb.chat_messages")) {
      chatSeqs = append(chatSeqs, chats, generated);
      chats += generated.size();
      pendingChats = 0;
    }
  }

  /** Sets what had to wait for the whole stream. */
  void finish() {
    if (activePolicy != null) {
      ImportStore.setActivePolicy(h, projectId, activePolicy);
    }
    ImportStore.setSuccessors(h, successors);
    if (eventBase >= 0) {
      ImportStore.advanceEvents(h, projectId, eventBase + events);
    }
  }

  private void checkProject(String table, ObjectNode row, long lineNo) {
    String key = table.equals("server.projects") ? "id" : "project_id";
    JsonNode owner = row.get(key);
    if (owner != null && !owner.isNull() && !owner.asText().equals(projectId.toString())) {
      throw new ExportFormat.Refused("line " + lineNo + ": a row of " + table + " belongs to project "
          + owner.asText() + ", not to the file's project " + projectId);
    }
  }

  private void issueRef(ObjectNode row, String field, long lineNo) {
    row.put(field, ref(issueIds, issues, row.path(field).asLong(0), lineNo, field));
  }

  private static long ref(long[] numbers, int count, long rank, long lineNo, String field) {
    if (rank < 1 || rank > count) {
      throw new ExportFormat.Refused("line " + lineNo + ": " + field + " " + rank + " refers to no row of the file");
    }
    return numbers[(int) rank - 1];
  }

  private static void expectRank(JsonNode rank, long expected, long lineNo, String table) {
    if (rank == null || !rank.canConvertToLong() || rank.asLong() != expected) {
      throw new ExportFormat.Refused("line " + lineNo + ": a row of " + table + " is out of order (expected number "
          + expected + ")");
    }
  }

  private static long[] append(long[] into, int size, List<Long> values) {
    long[] out = size + values.size() > into.length ? Arrays.copyOf(into, Math.max(into.length * 2,
        size + values.size())) : into;
    for (int i = 0; i < values.size(); i++) {
      out[size + i] = values.get(i);
    }
    return out;
  }

  private static UUID uuidOrNull(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? null : ProjectImport.uuid(node.asText(), "id");
  }
}
