package io.beadhub.dataplane;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The attachment lines of a hook bead's description (spec 60 §5.1.3); a line not there is null. */
public record Attachment(String attachedMolecule, String attachedAt, String attachedArgs, String dispatchedBy,
                         Boolean noMerge, String attachedFormula, String attachedVars) {
  private static final Pattern LINE = Pattern.compile("^\\s*([A-Za-z][A-Za-z_-]*)\\s*:\\s*(.*)$");
  private static final Map<String, String> KEYS = Map.of("attachedmolecule", "attached_molecule",
      "attachedat", "attached_at", "attachedargs", "attached_args", "dispatchedby", "dispatched_by",
      "nomerge", "no_merge", "attachedformula", "attached_formula", "attachedvars", "attached_vars");

  /** The first line of each key wins; an empty value or {@code null} is null. */
  static Attachment parse(String description) {
    Map<String, String> found = new HashMap<>();
    if (description != null) {
      for (String line : description.split("\n")) {
        Matcher m = LINE.matcher(line.replace("\r", ""));
        if (!m.matches()) {
          continue;
        }
        String key = KEYS.get(m.group(1).toLowerCase(Locale.ROOT).replace("_", "").replace("-", ""));
        if (key != null && !found.containsKey(key)) {
          String v = m.group(2).trim();
          found.put(key, v.isEmpty() || v.equals("null") ? null : v);
        }
      }
    }
    String noMerge = found.get("no_merge");
    return new Attachment(found.get("attached_molecule"), found.get("attached_at"), found.get("attached_args"),
        found.get("dispatched_by"), noMerge == null ? null : noMerge.equalsIgnoreCase("true") ? Boolean.TRUE
        : noMerge.equalsIgnoreCase("false") ? Boolean.FALSE : null, found.get("attached_formula"),
        found.get("attached_vars"));
  }
}
