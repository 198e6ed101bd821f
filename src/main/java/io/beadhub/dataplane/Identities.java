package io.beadhub.dataplane;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The two spellings of Gas Town agent names (spec 60 §3.3). */
public final class Identities {
  private static final Set<String> NOT_A_NAME = Set.of("witness", "refinery", "crew", "polecats");

  private Identities() {
  }

  /** {@code variants(a)}: exact, case-sensitive, in spec order, without duplicates. */
  public static List<String> variants(String a) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    out.add(a);
    String[] s = a.split("/", -1);
    if (s.length == 3 && !s[0].isEmpty() && !s[2].isEmpty() && (s[1].equals("crew") || s[1].equals("polecats"))) {
      out.add(s[0] + "/" + s[2]);
    }
    if (s.length == 2 && !s[0].isEmpty() && !s[1].isEmpty() && !NOT_A_NAME.contains(s[1])) {
      out.add(s[0] + "/crew/" + s[1]);
      out.add(s[0] + "/polecats/" + s[1]);
    }
    if (!a.contains("/")) {
      out.add(a + "/");
    }
    if (s.length == 2 && !s[0].isEmpty() && s[1].isEmpty()) {
      out.add(s[0]);
    }
    return new ArrayList<>(out);
  }

  /** The last non-empty {@code /} segment, or null. */
  public static String lastSegment(String a) {
    String[] s = a.split("/");
    for (int i = s.length - 1; i >= 0; i--) {
      if (!s[i].isEmpty()) {
        return s[i];
      }
    }
    return null;
  }

  /** Aliases a workspace may have to map to {@code x}: its variants plus its last segment. */
  public static List<String> aliasCandidates(String x) {
    LinkedHashSet<String> out = new LinkedHashSet<>(variants(x));
    String last = lastSegment(x);
    if (last != null) {
      out.add(last);
    }
    return new ArrayList<>(out);
  }
}
