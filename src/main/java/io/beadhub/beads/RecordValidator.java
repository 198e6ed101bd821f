package io.beadhub.beads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.CleanText;
import io.beadhub.common.Parallel;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-record validation and typing (spec 40 §1.3–1.5). A bad record is a {@link Rejection}, never an
 * exception; duplicates keep the last occurrence.
 */
public final class RecordValidator {
  private static final Pattern ATTACHED = Pattern.compile("^\\s*([A-Za-z][A-Za-z_-]*)\\s*:\\s*(.*)$");

  /** The outcome for a payload: accepted records (payload order, de-duplicated) and rejections. */
  public record Result(List<IssueRecord> records, List<Rejection> rejected, List<String> presentIds) {
  }

  private RecordValidator() {
  }

  /** One parsed item checked on its own: an early rejection, or its id with a record or a bad field. */
  private record Checked(Rejection early, String id, IssueRecord record, String badField) {
  }

  private static Checked check(JsonRecords.Parsed p, String branch) {
    if (p.known() != null) {
      return new Checked(null, p.known().beadId(), p.known().withLine(p.line()), null);
    }
    if (!p.node().isObject()) {
      return new Checked(new Rejection(p.line(), null, "not_an_object", null), null, null, null);
    }
    ObjectNode o = (ObjectNode) p.node();
    JsonNode idNode = o.get("id");
    if (idNode == null || !idNode.isTextual() || idNode.textValue().isEmpty()) {
      return new Checked(new Rejection(p.line(), null, "missing_id", null), null, null, null);
    }
    String id = idNode.textValue();
    if (!Formats.isBeadId(id)) {
      return new Checked(new Rejection(p.line(), id, "invalid_id", null), null, null, null);
    }
    String unstorable = unstorableField(o);
    if (unstorable != null) {
      return new Checked(null, id, null, unstorable);
    }
    try {
      return new Checked(null, id, toRecord(p.line(), id, o, p.text(), branch), null);
    } catch (BadField e) {
      return new Checked(null, id, null, e.field);
    }
  }

  /**
   * Validates parsed lines (or array items); {@code branch} is used for {@code repo:bead} edges. Each
   * item is checked on every core ({@link Parallel}); duplicates are then settled in payload order.
   */
  public static Result validate(List<JsonRecords.Parsed> parsed, String branch) {
    Checked[] checked = Parallel.map(parsed.size(), i -> check(parsed.get(i), branch), Checked[]::new);
    List<Rejection> rejected = new ArrayList<>();
    Map<String, IssueRecord> byId = new LinkedHashMap<>();
    Map<String, Integer> lineOf = new HashMap<>();
    List<String> present = new ArrayList<>();
    for (int i = 0; i < checked.length; i++) {
      Checked c = checked[i];
      int line = parsed.get(i).line();
      if (c.early() != null) {
        rejected.add(c.early());
        continue;
      }
      present.add(c.id());
      Integer earlier = lineOf.put(c.id(), line);
      if (earlier != null) {
        rejected.add(new Rejection(earlier, c.id(), "duplicate_id", null));
        byId.remove(c.id());
      }
      if (c.record() != null) {
        byId.put(c.id(), c.record());
      } else {
        rejected.add(new Rejection(line, c.id(), "invalid_field", c.badField()));
      }
    }
    rejected.sort((a, b) -> Integer.compare(a.line() == null ? 0 : a.line(), b.line() == null ? 0 : b.line()));
    return new Result(new ArrayList<>(byId.values()), rejected, present);
  }

  /**
   * The top-level field of a record holding something PostgreSQL cannot store: a key or string that is
   * not {@link CleanText clean} (a NUL fails the insert, and with it the whole sync), or a number beyond
   * {@code numeric} (131,072 digits before the point, 16,383 after) or beyond a double where the body
   * parser read one. Null when there is none.
   */
  static String unstorableField(ObjectNode o) {
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!CleanText.isClean(e.getKey()) || !storable(e.getValue())) {
        return e.getKey();
      }
    }
    return null;
  }

  private static boolean storable(JsonNode n) {
    if (n.isTextual()) {
      return CleanText.isClean(n.textValue());
    }
    if (n.isBigDecimal()) {
      BigDecimal d = n.decimalValue();
      return d.scale() <= 16_383 && (long) d.precision() - d.scale() <= 131_072;
    }
    if (n.isDouble() || n.isFloat()) {
      return Double.isFinite(n.doubleValue()); // 1e999 read as a double is infinite
    }
    if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!CleanText.isClean(e.getKey()) || !storable(e.getValue())) {
          return false;
        }
      }
    } else if (n.isArray()) {
      for (JsonNode c : n) {
        if (!storable(c)) {
          return false;
        }
      }
    }
    return true;
  }

  static final class BadField extends Exception {
    final String field;

    BadField(String field) {
      super(field, null, false, false);
      this.field = field;
    }
  }

  private static IssueRecord toRecord(int line, String id, ObjectNode o, String text, String branch)
      throws BadField {
    String title = optString(o, "title");
    String description = optString(o, "description");
    String assignee = optString(o, "assignee");
    String owner = optString(o, "owner");
    String status = shortString(o, "status");
    String type = shortString(o, "issue_type");
    int priority = priority(o);
    List<String> labels = labels(o);
    List<IssueRecord.DepEdge> deps = DepEdges.parse(o, branch);
    status = status == null || status.isEmpty() ? "open" : status;
    type = type == null || type.isEmpty() ? "task" : type;
    boolean mail = "message".equals(type) || labels.contains("gt:message")
        || labels.stream().anyMatch(l -> l.startsWith("from:"));
    Instant deferUntil = time(o.get("defer_until"));
    boolean pinned = isTrue(o, "pinned"), ephemeral = isTrue(o, "ephemeral") || isTrue(o, "wisp"),
        template = isTrue(o, "is_template");
    return new IssueRecord(line, id, title, description, status, priority, type, assignee, owner, createdBy(o),
        text(o, "sender"), text(o, "close_reason"), text(o, "external_ref"),
        time(o.get("created_at")), time(o.get("updated_at")), time(o.get("closed_at")), time(o.get("started_at")),
        time(o.get("due_at")), deferUntil, pinned, ephemeral, template,
        text(o, "mol_type"), text(o, "wisp_type"), text(o, "hook_bead"), text(o, "agent_state"),
        text(o, "role_type"), mail, attachedMolecule(description), labels, deps, o, contentHash(o), text,
        IssueRecord.stateKeyOf(status, type, pinned, ephemeral, template, mail, deferUntil, labels, deps));
  }

  private static String optString(ObjectNode o, String f) throws BadField {
    JsonNode v = o.get(f);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new BadField(f);
    }
    return v.textValue();
  }

  private static String shortString(ObjectNode o, String f) throws BadField {
    String s = optString(o, f);
    if (s != null && (s.isEmpty() || s.codePointCount(0, s.length()) > 64)) {
      if (s.isEmpty()) {
        return null;
      }
      throw new BadField(f);
    }
    return s;
  }

  private static int priority(ObjectNode o) throws BadField {
    JsonNode v = o.get("priority");
    if (v == null || v.isNull()) {
      return 0;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0 || v.intValue() > 4) {
      throw new BadField("priority");
    }
    return v.intValue();
  }

  private static List<String> labels(ObjectNode o) throws BadField {
    JsonNode v = o.get("labels");
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new BadField("labels");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode l : v) {
      if (!l.isTextual() || l.textValue().isEmpty() || l.textValue().length() > 255) {
        throw new BadField("labels");
      }
      out.add(l.textValue());
    }
    return out;
  }

  private static String createdBy(ObjectNode o) {
    JsonNode v = o.get("created_by");
    if (v == null || v.isNull() || v.isContainerNode()) {
      return null;
    }
    String s = (v.isTextual() ? v.textValue() : v.toString()).trim();
    if (s.isEmpty()) {
      return null;
    }
    return s.length() > 255 ? s.substring(0, 255) : s;
  }

  private static String text(ObjectNode o, String f) {
    JsonNode v = o.get(f);
    return v != null && v.isTextual() && !v.textValue().isEmpty() ? v.textValue() : null;
  }

  private static boolean isTrue(ObjectNode o, String f) {
    JsonNode v = o.get(f);
    return v != null && v.isBoolean() && v.booleanValue();
  }

  /** RFC 3339, any fraction digits; without an offset read as UTC; anything else null. */
  public static Instant time(JsonNode v) {
    if (v == null || !v.isTextual()) {
      return null;
    }
    String s = v.textValue().trim().replace(' ', 'T');
    Instant fast = Rfc3339.parse(s);
    if (fast != null) {
      return fast.truncatedTo(ChronoUnit.MICROS);
    }
    try {
      return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().truncatedTo(ChronoUnit.MICROS);
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC)
            .truncatedTo(ChronoUnit.MICROS);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  static String attachedMolecule(String description) {
    if (description == null || description.isEmpty() || !containsMolecule(description)) {
      return null;
    }
    for (String line : description.split("\n")) {
      Matcher m = ATTACHED.matcher(line);
      if (m.matches()) {
        String key = m.group(1).toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        if (key.equals("attachedmolecule")) {
          String val = m.group(2).trim();
          return val.isEmpty() || val.equals("null") ? null : val;
        }
      }
    }
    return null;
  }

  /** Contains "molecule", US-ASCII case-insensitively (a regex here cost more than the rest of the record's checks). */
  static boolean containsMolecule(String s) {
    String w = "molecule";
    int last = s.length() - w.length();
    outer:
    for (int i = 0; i <= last; i++) {
      for (int j = 0; j < w.length(); j++) {
        if ((s.charAt(i + j) | 0x20) != w.charAt(j)) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** SHA-256 hex of the record with keys sorted at every level, no whitespace (spec 40 §1.4). */
  public static String contentHash(JsonNode node) {
    return ContentHash.of(node);
  }
}
