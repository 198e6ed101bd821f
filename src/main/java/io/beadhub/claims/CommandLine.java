package io.beadhub.claims;

import io.beadhub.beads.Formats;
import java.util.ArrayList;
import java.util.List;

/** A bd command line as bdh sends it, parsed for claim actions (spec 40 §3.2). */
public record CommandLine(String command, List<String> ids, String status) {
  public enum Action { CLAIM, RELEASE, NONE }

  public static CommandLine parse(String line) {
    if (line == null) {
      return new CommandLine(null, List.of(), null);
    }
    String[] tokens = line.trim().isEmpty() ? new String[0] : line.trim().split("\\s+");
    int i = 0;
    while (i < tokens.length && tokens[i].startsWith("-")) {
      String t = tokens[i++];
      if (t.equals("--db") || t.equals("--actor") || t.equals("--lock-timeout")) {
        i++;
      }
    }
    if (i >= tokens.length) {
      return new CommandLine(null, List.of(), null);
    }
    String command = tokens[i++];
    List<String> ids = new ArrayList<>();
    while (i < tokens.length && !tokens[i].startsWith("-")) {
      if (Formats.isBeadId(tokens[i]) && !ids.contains(tokens[i])) {
        ids.add(tokens[i]);
      }
      i++;
    }
    String status = null;
    if (command.equals("update")) {
      for (int j = i; j < tokens.length && status == null; j++) {
        String t = tokens[j];
        if ((t.equals("--status") || t.equals("-s")) && j + 1 < tokens.length) {
          status = tokens[j + 1];
        } else if (t.startsWith("--status=")) {
          status = t.substring(9);
        } else if (t.startsWith("-s=")) {
          status = t.substring(3);
        } else if (t.equals("--claim")) {
          status = "in_progress";
        }
      }
    }
    return new CommandLine(command, List.copyOf(ids), status);
  }

  public Action action() {
    if (command == null || ids.isEmpty()) {
      return Action.NONE;
    }
    return switch (command) {
      case "update" -> status == null ? Action.NONE : status.equals("in_progress") ? Action.CLAIM : Action.RELEASE;
      case "close", "delete" -> Action.RELEASE;
      default -> Action.NONE;
    };
  }

  /** The {@code bead.unclaimed} reason of a release by this command. */
  public String releaseReason() {
    return command.equals("update") ? "status_change" : command;
  }

  public boolean closes(String beadId) {
    return "close".equals(command) && ids.contains(beadId);
  }
}
