package io.beadhub.policies;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The default policy bundle (spec 50 §2), read from markdown resources: {@code <base>/manifest.txt}
 * lists the entry files in order; each file starts with a front matter block
 * ({@code id:} for {@code invariants/…}, {@code role:} for {@code roles/…}, and {@code title:}).
 * Any malformed or duplicate entry is an {@link Invalid} naming the file.
 */
public final class DefaultBundle {
  public static final String BASE = "defaults";

  /** Why the bundle could not be loaded. */
  public static final class Invalid extends RuntimeException {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  private DefaultBundle() {
  }

  public static ObjectNode load() {
    return load(BASE);
  }

  /** Builds {@code {"invariants": [...], "roles": {...}, "adapters": {}}} from the resources under {@code base}. */
  public static ObjectNode load(String base) {
    ArrayNode invariants = Json.MAPPER.createArrayNode();
    ObjectNode roles = Json.object();
    Set<String> ids = new HashSet<>();
    for (String file : manifest(base)) {
      Map<String, String> entry = parse(file, read(base + "/" + file));
      String title = entry.get("title");
      String body = entry.get("body");
      if (file.startsWith("invariants/")) {
        String id = required(file, entry, "id");
        if (!ids.add(id)) {
          throw new Invalid("duplicate invariant id '" + id + "' in " + file);
        }
        ObjectNode inv = invariants.addObject();
        inv.put("id", id);
        inv.put("title", title);
        inv.put("body_md", body);
      } else if (file.startsWith("roles/")) {
        String role = required(file, entry, "role");
        if (roles.has(role)) {
          throw new Invalid("duplicate role '" + role + "' in " + file);
        }
        ObjectNode r = roles.putObject(role);
        r.put("title", title);
        r.put("playbook_md", body);
      } else {
        throw new Invalid("entry outside invariants/ and roles/: " + file);
      }
    }
    ObjectNode bundle = Json.object();
    bundle.set("invariants", invariants);
    bundle.set("roles", roles);
    bundle.set("adapters", Json.object());
    return bundle;
  }

  private static List<String> manifest(String base) {
    List<String> files = read(base + "/manifest.txt").lines().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    if (files.isEmpty()) {
      throw new Invalid(base + "/manifest.txt lists no entries");
    }
    return files;
  }

  /** Front matter keys plus {@code body}; title and body must be non-empty. */
  static Map<String, String> parse(String file, String text) {
    List<String> lines = text.replace("\r\n", "\n").lines().toList();
    if (lines.isEmpty() || !lines.get(0).strip().equals("---")) {
      throw new Invalid(file + ": missing front matter (first line must be ---)");
    }
    Map<String, String> out = new LinkedHashMap<>();
    int i = 1;
    for (; i < lines.size() && !lines.get(i).strip().equals("---"); i++) {
      String line = lines.get(i);
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new Invalid(file + ": malformed front matter line '" + line + "'");
      }
      out.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
    }
    if (i == lines.size()) {
      throw new Invalid(file + ": front matter is not closed by ---");
    }
    String body = String.join("\n", lines.subList(i + 1, lines.size())).strip();
    if (body.isEmpty()) {
      throw new Invalid(file + ": empty text");
    }
    out.put("body", body + "\n");
    required(file, out, "title");
    return out;
  }

  private static String required(String file, Map<String, String> entry, String key) {
    String v = entry.get(key);
    if (v == null || v.isEmpty()) {
      throw new Invalid(file + ": front matter lacks '" + key + "'");
    }
    return v;
  }

  private static String read(String resource) {
    try (InputStream in = DefaultBundle.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new Invalid("resource not found: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new Invalid("cannot read " + resource + ": " + e.getMessage());
    }
  }
}
