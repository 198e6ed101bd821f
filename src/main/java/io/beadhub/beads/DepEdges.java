package io.beadhub.beads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The dependency edges of a bead record (spec 40 §1.5): targets parsed into plain, repo, external or
 * malformed references.
 */
final class DepEdges {
  private DepEdges() {
  }

  /** The edges of a record's {@code dependencies} and {@code blocked_by}, in that order. */
  static List<IssueRecord.DepEdge> parse(ObjectNode o, String branch) throws RecordValidator.BadField {
    List<IssueRecord.DepEdge> out = new ArrayList<>();
    JsonNode d = o.get("dependencies");
    if (d != null && !d.isNull()) {
      if (!d.isArray()) {
        throw new RecordValidator.BadField("dependencies");
      }
      for (JsonNode e : d) {
        JsonNode target = e.isObject() ? e.get("depends_on_id") : null;
        if (target == null || !target.isTextual() || target.textValue().isEmpty()) {
          continue;
        }
        String type = e.path("type").isTextual() ? e.get("type").textValue().trim() : "";
        Ref ref = parseRef(target.textValue(), branch);
        out.add(new IssueRecord.DepEdge(out.size(), "dependencies", type.isEmpty() ? "blocks" : type,
            target.textValue(), ref.kind, ref.repo, ref.branch, ref.bead, metadata(e.get("metadata")),
            e.path("thread_id").isTextual() ? e.get("thread_id").textValue() : null,
            RecordValidator.time(e.get("created_at")),
            e.path("created_by").isTextual() ? e.get("created_by").textValue() : null));
      }
    }
    JsonNode b = o.get("blocked_by");
    if (b != null && !b.isNull()) {
      if (!b.isArray()) {
        throw new RecordValidator.BadField("blocked_by");
      }
      for (JsonNode e : b) {
        Ref ref = null;
        String raw = null;
        if (e.isTextual()) {
          raw = e.textValue();
          ref = parseRef(raw, branch);
          if (ref.kind.equals("malformed")) {
            ref = null;
          }
        } else if (e.isObject() && e.path("bead_id").isTextual() && Formats.isBeadId(e.get("bead_id").textValue())) {
          String bead = e.get("bead_id").textValue();
          String repo = e.path("repo").isTextual() ? e.get("repo").textValue() : null;
          String br = e.path("branch").isTextual() ? e.get("branch").textValue() : null;
          if ((repo == null || Formats.isRepo(repo)) && (br == null || Formats.isBranch(br))) {
            raw = repo == null ? bead : repo + ":" + bead;
            ref = repo == null && br == null ? new Ref("plain", null, null, bead)
                : new Ref("repo_ref", repo, br == null ? branch : br, bead);
          }
        }
        if (ref != null) {
          out.add(new IssueRecord.DepEdge(out.size(), "blocked_by", "blocks", raw, ref.kind, ref.repo, ref.branch,
              ref.bead, null, null, null, null));
        }
      }
    }
    return out;
  }

  record Ref(String kind, String repo, String branch, String bead) {
  }

  /** Parses a dependency target (spec 40 §1.5). */
  static Ref parseRef(String raw, String branch) {
    if (raw.startsWith("external:")) {
      String rest = raw.substring(9);
      int c = rest.indexOf(':');
      if (c > 0 && c < rest.length() - 1) {
        return new Ref("external", rest.substring(0, c), null, rest.substring(c + 1));
      }
      return new Ref("malformed", null, null, null);
    }
    int c = raw.indexOf(':');
    if (c > 0) {
      String repo = raw.substring(0, c);
      String bead = raw.substring(c + 1);
      if (Formats.isRepo(repo) && Formats.isBeadId(bead)) {
        return new Ref("repo_ref", repo, branch, bead);
      }
      return new Ref("malformed", null, null, null);
    }
    if (Formats.isBeadId(raw)) {
      return new Ref("plain", null, null, raw);
    }
    return new Ref("malformed", null, null, null);
  }

  private static String metadata(JsonNode m) {
    if (m == null || m.isNull()) {
      return null;
    }
    if (m.isObject() || m.isArray()) {
      return m.toString();
    }
    if (m.isTextual()) {
      try {
        JsonNode parsed = Json.MAPPER.readTree(m.textValue());
        return parsed == null || parsed.isMissingNode() ? null : parsed.toString();
      } catch (IOException e) {
        return null;
      }
    }
    return m.toString();
  }
}
