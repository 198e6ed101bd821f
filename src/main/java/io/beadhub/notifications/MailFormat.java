package io.beadhub.notifications;

import com.fasterxml.jackson.databind.JsonNode;

/** Subjects and bodies of notification mail (spec 40 §7.4). */
public final class MailFormat {
  private MailFormat() {
  }

  public static String subject(String type, JsonNode p) {
    String id = p.path("bead_id").asText();
    return switch (type) {
      case "bead_priority_change" -> "Bead priority changed: " + id;
      case "bead_assignee_change" -> "Bead assignee changed: " + id;
      case "bead_removed" -> "Bead removed: " + id;
      default -> "Bead status changed: " + id;
    };
  }

  public static String body(String type, JsonNode p) {
    String id = p.path("bead_id").asText();
    String first = switch (type) {
      case "bead_priority_change" -> "**" + id + "** priority changed from `P" + p.path("old_priority").asText()
          + "` to `P" + p.path("new_priority").asText() + "`";
      case "bead_assignee_change" -> "**" + id + "** assignee changed from `" + orNone(p.path("old_assignee"))
          + "` to `" + orNone(p.path("new_assignee")) + "`";
      case "bead_removed" -> "**" + id + "** was removed (`" + p.path("reason").asText() + "`)";
      default -> "**" + id + "** status changed from `" + p.path("old_status").asText() + "` to `"
          + p.path("new_status").asText() + "`";
    };
    StringBuilder sb = new StringBuilder(first).append("\n\n");
    line(sb, "Title", p.path("title"));
    line(sb, "Repo", p.path("repo"));
    line(sb, "Branch", p.path("branch"));
    return sb.toString();
  }

  private static String orNone(JsonNode n) {
    return n.isTextual() && !n.textValue().isEmpty() ? n.textValue() : "(none)";
  }

  private static void line(StringBuilder sb, String label, JsonNode v) {
    if (v.isTextual() && !v.textValue().isEmpty()) {
      sb.append(label).append(": ").append(v.textValue()).append('\n');
    }
  }
}
