package io.beadhub.dataplane;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The attachment lines of a hook bead's description (spec 60 §5.1.3). */
final class Attachment {
  private static final Pattern LINE = Pattern.compile("^\\s*([A-Za-z][A-Za-z_-]*)\\s*:\\s*(.*)$");
  private static final Map<String, String> KEYS = Map.of("attachedmolecule", "attached_molecule",
      "attachedat", "attached_at", "attachedargs", "attached_args", "dispatchedby", "dispatched_by",
      "nomerge", "no_merge", "attachedformula", "attached_formula", "attachedvars", "attached_vars");
  private static final String[] ORDER = {"attached_molecule", "attached_at", "attached_args", "dispatched_by",
      "no_merge", "attached_formula", "attached_vars"};

  private Attachment() {
  }

  static Map<String, Object> parse(String description) {
    Map<String, String> found = new LinkedHashMap<>();
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
    Map<String, Object> out = new LinkedHashMap<>();
    for (String k : ORDER) {
      String v = found.get(k);
      if (k.equals("no_merge")) {
        out.put(k, v == null ? null : v.equalsIgnoreCase("true") ? Boolean.TRUE
            : v.equalsIgnoreCase("false") ? Boolean.FALSE : null);
      } else {
        out.put(k, v);
      }
    }
    return out;
  }
}
