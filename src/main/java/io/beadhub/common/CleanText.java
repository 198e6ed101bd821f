package io.beadhub.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Text that can be stored: no NUL (PostgreSQL {@code text} and {@code jsonb} cannot hold one, and a
 * failed insert would fail the whole request) and no UTF-16 surrogate outside a pair (not a character;
 * it would be stored as {@code ?}).
 */
public final class CleanText {
  public static final String MESSAGE =
      "Text must not contain NUL (\\u0000) or unpaired UTF-16 surrogates";

  private CleanText() {
  }

  /** Whether {@code s} holds no NUL and no unpaired surrogate. */
  public static boolean isClean(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c == 0) {
        return false;
      }
      if (Character.isSurrogate(c)) {
        if (!Character.isHighSurrogate(c) || i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      }
    }
    return true;
  }

  /**
   * The path, from {@code node}, to the first key or string value that is not clean; null when every
   * string is clean. Members of the top-level object named in {@code skip} are not looked at.
   */
  public static List<Object> firstDirty(JsonNode node, Set<String> skip) {
    List<Object> path = new ArrayList<>();
    return dirty(node, path, skip) ? path : null;
  }

  private static boolean dirty(JsonNode node, List<Object> path, Set<String> skip) {
    if (node.isTextual()) {
      return !isClean(node.textValue());
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (skip.contains(e.getKey())) {
          continue;
        }
        path.add(e.getKey());
        if (!isClean(e.getKey()) || dirty(e.getValue(), path, Set.of())) {
          return true;
        }
        path.remove(path.size() - 1);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        path.add(i);
        if (dirty(node.get(i), path, Set.of())) {
          return true;
        }
        path.remove(path.size() - 1);
      }
    }
    return false;
  }

}
