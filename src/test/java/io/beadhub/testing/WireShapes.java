package io.beadhub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import io.beadhub.http.Router;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * With {@code -Dbeadhub.wireShapes=<file>}, records the shape of every JSON response the tests receive
 * (field names in order, value types; not values) per route template and status, and writes them when the
 * test JVM ends. Two runs' files compared line by line show any change a refactor made to what clients
 * see.
 */
public final class WireShapes {
  private static final String FILE = System.getProperty("beadhub.wireShapes");
  private static final Map<String, Set<String>> SHAPES = new ConcurrentHashMap<>();

  static {
    if (FILE != null) {
      Runtime.getRuntime().addShutdownHook(new Thread(WireShapes::write));
    }
  }

  private WireShapes() {
  }

  static void record(List<Router.Route> routes, String method, String path, int status, String body) {
    if (FILE == null || body == null || body.isEmpty() || !(body.startsWith("{") || body.startsWith("["))) {
      return;
    }
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      return;
    }
    String key = method + " " + template(routes, method, path) + " " + status;
    SHAPES.computeIfAbsent(key, k -> new ConcurrentSkipListSet<>()).add(shape(n));
  }

  private static String template(List<Router.Route> routes, String method, String path) {
    String[] segs = strip(path.split("\\?", 2)[0]).split("/", -1);
    for (Router.Route r : routes) {
      String[] pat = strip(r.path()).split("/", -1);
      if (r.method().equals(method) && pat.length == segs.length && matches(pat, segs)) {
        return r.path();
      }
    }
    return "(unrouted)";
  }

  private static String strip(String p) {
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  private static boolean matches(String[] pat, String[] segs) {
    for (int i = 0; i < pat.length; i++) {
      boolean param = pat[i].startsWith("{") || pat[i].startsWith("<");
      if (!param && !pat[i].equals(segs[i])) {
        return false;
      }
    }
    return true;
  }

  /** Field names in order and value types; an array's element shapes as a sorted set. */
  static String shape(JsonNode n) {
    if (n.isObject()) {
      StringBuilder sb = new StringBuilder("{");
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        sb.append(e.getKey()).append(':').append(shape(e.getValue()));
        if (it.hasNext()) {
          sb.append(',');
        }
      }
      return sb.append('}').toString();
    }
    if (n.isArray()) {
      Set<String> items = new TreeSet<>();
      n.forEach(x -> items.add(shape(x)));
      return "[" + String.join("|", items) + "]";
    }
    if (n.isNull()) {
      return "null";
    }
    return n.isTextual() ? "s" : n.isBoolean() ? "b" : n.isNumber() ? "n" : "?";
  }

  private static void write() {
    Map<String, Set<String>> sorted = new TreeMap<>(SHAPES);
    StringBuilder sb = new StringBuilder();
    sorted.forEach((k, v) -> v.forEach(s -> sb.append(k).append('\t').append(s).append('\n')));
    try {
      Files.writeString(Path.of(FILE), sb.toString());
    } catch (IOException e) {
      System.err.println("wire shapes not written: " + e);
    }
  }
}
