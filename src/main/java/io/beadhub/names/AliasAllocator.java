package io.beadhub.names;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The classic-name allocator (spec 10 §4, 30 §4.4): one algorithm for every route that suggests. */
public final class AliasAllocator {
  public static final List<String> CLASSIC = List.of("alice", "bob", "charlie", "dave", "eve", "frank", "grace",
      "henry", "ivy", "jack", "kate", "leo", "mia", "noah", "olivia", "peter", "quinn", "rose", "sam", "tara",
      "uma", "victor", "wendy", "xavier", "yara", "zoe");

  private AliasAllocator() {
  }

  /** {@code alice-reviewer} → {@code alice}; {@code bob-03-dev} → {@code bob-03}. */
  public static String prefixOf(String alias) {
    String[] parts = alias.split("-", -1);
    String p = parts.length >= 2 && !parts[1].isEmpty() && parts[1].chars().allMatch(c -> c >= '0' && c <= '9')
        ? parts[0] + "-" + parts[1] : parts[0];
    return p.toLowerCase(Locale.ROOT);
  }

  /** The first candidate not used as a prefix by {@code aliases}; empty when all 2,600 are taken. */
  public static Optional<String> suggest(Collection<String> aliases) {
    Set<String> used = new HashSet<>();
    for (String a : aliases) {
      String p = prefixOf(a);
      if (!p.isEmpty()) {
        used.add(p);
      }
    }
    for (String name : CLASSIC) {
      if (!used.contains(name)) {
        return Optional.of(name);
      }
    }
    for (int n = 1; n <= 99; n++) {
      for (String name : CLASSIC) {
        String c = name + "-" + String.format("%02d", n);
        if (!used.contains(c)) {
          return Optional.of(c);
        }
      }
    }
    return Optional.empty();
  }
}
