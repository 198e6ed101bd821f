package io.beadhub.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.Json;
import io.beadhub.db.Database;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Reads an export stream into a database where its project does not exist, in one transaction: either the
 * whole project is there afterwards or nothing is (docs/export.md). Rows are inserted in batches as they
 * are read; only the new numbers of the server-wide counters (one long per issue and chat message) are kept.
 */
public final class ProjectImport {
  static final int BATCH = 1_000;

  /** What was imported. */
  public record Imported(UUID projectId, String slug, long rows) {
  }

  private ProjectImport() {
  }

  /**
   * Imports the stream {@code in} ({@code size} bytes, for the progress line; ≤ 0 when unknown) into
   * {@code db}, whose schema must be migrated.
   */
  public static Imported read(Database db, InputStream in, long size, PrintWriter err, boolean progress) {
    Counting counted = new Counting(in);
    BufferedReader lines = new BufferedReader(new InputStreamReader(counted, StandardCharsets.UTF_8), 1 << 16);
    JsonNode header = parse(nextLine(lines), 1);
    if (header == null) {
      throw new ExportFormat.Refused("the file is empty");
    }
    checkFormat(header);
    UUID projectId = uuid(header.path("project").path("id").asText(""), "project id in its header");
    String slug = header.path("project").path("slug").asText("");
    Progress bar = new Progress(err, progress);
    long started = System.nanoTime();
    long rows = db.tx(h -> {
      checkSchema(header.path("source").path("schema"), ExportStore.schemaVersions(h));
      ImportStore.projectSlotTaken(h, projectId, slug).ifPresent(why -> {
        throw new ExportFormat.Refused("project '" + slug + "' cannot be imported here: " + why
            + ". Import only into a database where the project does not exist.");
      });
      Rows sink = new Rows(h, projectId);
      long lineNo = 1;
      String line;
      while ((line = nextLine(lines)) != null) {
        lineNo++;
        JsonNode node = parse(line, lineNo);
        if (node.has("end")) {
          long declared = node.path("end").path("rows").asLong(-1);
          if (declared != sink.count() || nextLine(lines) != null) {
            throw new ExportFormat.Refused("the file's last line says " + declared + " rows but " + sink.count()
                + " were read: the file is damaged");
          }
          sink.finish();
          return sink.count();
        }
        if (!(node.path("row") instanceof ObjectNode row)) {
          throw new ExportFormat.Refused("line " + lineNo + " is not a row {\"table\": …, \"row\": {…}}");
        }
        sink.add(node.path("table").asText(""), row, lineNo);
        bar.show(node.path("table").asText(""), counted.read, size);
      }
      throw new ExportFormat.Refused("the file ends after " + lineNo + " lines without its last line"
          + " {\"end\": …}: it is cut off; nothing was imported");
    });
    bar.finish(String.format("imported project '%s': %d rows in %.2f s", slug, rows,
        (System.nanoTime() - started) / 1e9));
    return new Imported(projectId, slug, rows);
  }

  private static void checkFormat(JsonNode header) {
    if (!ExportFormat.NAME.equals(header.path("format").asText())) {
      throw new ExportFormat.Refused("this is not a beadhub project export (its first line has no \"format\": \""
          + ExportFormat.NAME + "\")");
    }
    int version = header.path("version").asInt(0);
    if (version > ExportFormat.VERSION) {
      throw new ExportFormat.Refused("the file is export format version " + version + ", written by a newer beadhub;"
          + " this one reads versions up to " + ExportFormat.VERSION + ". Import it with a newer beadhub.");
    }
    if (version < 1) {
      throw new ExportFormat.Refused("the file's format version is missing or invalid");
    }
  }

  private static void checkSchema(JsonNode source, Map<String, String> here) {
    for (Map.Entry<String, String> schema : here.entrySet()) {
      String theirs = source.path(schema.getKey()).asText("0");
      if (new java.math.BigDecimal(theirs).compareTo(new java.math.BigDecimal(schema.getValue())) > 0) {
        throw new ExportFormat.Refused("the file comes from a newer database schema (" + schema.getKey() + " V"
            + theirs + ", this database has V" + schema.getValue() + "): migrate this database with a newer"
            + " beadhub first");
      }
    }
  }

  static UUID uuid(String text, String what) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new ExportFormat.Refused("the file has an invalid " + what + ": '" + text + "'");
    }
  }

  private static JsonNode parse(String line, long lineNo) {
    if (line == null) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new ExportFormat.Refused("line " + lineNo + " is not JSON: " + e.getOriginalMessage());
    }
  }

  private static String nextLine(BufferedReader lines) {
    try {
      return lines.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Counts the bytes read, for the progress line. */
  private static final class Counting extends FilterInputStream {
    volatile long read;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        read++;
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        read += n;
      }
      return n;
    }
  }

  /** The rows of the stream, batched per table; see {@link Remap} for what is renumbered. */
  private static final class Rows {
    private final Handle h;
    private final Remap remap;
    private final List<String> order = new ArrayList<>(ExportStore.TABLES.keySet());
    private int tableIndex = -1;
    private String table;
    private List<String> columns;
    private final List<ObjectNode> batch = new ArrayList<>();
    private long count;

    Rows(Handle h, UUID projectId) {
      this.h = h;
      this.remap = new Remap(h, projectId);
    }

    long count() {
      return count;
    }

    void add(String name, ObjectNode row, long lineNo) {
      if (!name.equals(table)) {
        flush();
        int index = order.indexOf(name);
        if (index < 0) {
          throw new ExportFormat.Refused("line " + lineNo + ": table '" + name + "' is unknown to this beadhub");
        }
        if (index < tableIndex) {
          throw new ExportFormat.Refused("line " + lineNo + ": table '" + name + "' comes after '" + table
              + "'; an export writes it before");
        }
        tableIndex = index;
        table = name;
        columns = null;
      }
      remap.incoming(table, row, lineNo);
      if (columns == null) {
        columns = columnsOf(row, lineNo);
      }
      batch.add(row);
      count++;
      if (batch.size() >= BATCH) {
        flush();
      }
    }

    private List<String> columnsOf(ObjectNode row, long lineNo) {
      List<String> insertable = ImportStore.insertableColumns(h, table);
      List<String> named = new ArrayList<>();
      row.fieldNames().forEachRemaining(named::add);
      for (String field : named) {
        if (!insertable.contains(field)) {
          throw new ExportFormat.Refused("line " + lineNo + ": column '" + field + "' of " + table
              + " is unknown to this database");
        }
      }
      return insertable.stream().filter(named::contains).toList();
    }

    private void flush() {
      if (batch.isEmpty()) {
        return;
      }
      StringBuilder json = new StringBuilder(batch.size() * 256).append('[');
      for (int i = 0; i < batch.size(); i++) {
        json.append(i == 0 ? "" : ",").append(batch.get(i).toString());
      }
      List<Long> generated = ImportStore.insert(h, table, columns, json.append(']').toString(),
          Remap.generatedColumn(table));
      remap.inserted(table, generated);
      batch.clear();
    }

    void finish() {
      flush();
      remap.finish();
    }
  }
}
