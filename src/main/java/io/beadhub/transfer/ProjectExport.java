package io.beadhub.transfer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.Json;
import io.beadhub.common.Times;
import io.beadhub.db.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * Writes one project as an export stream (docs/export.md), row by row from one read-only snapshot: the
 * project is never held in memory, and a server may keep running while it is read.
 */
public final class ProjectExport {
  /** What was written. */
  public record Written(UUID projectId, long rows) {
  }

  private ProjectExport() {
  }

  /**
   * Exports the live project {@code slug} to {@code out} (not closed). API key hashes and the agents'
   * encrypted signing keys only with {@code withKeys}. A progress line goes to {@code err} when {@code progress}.
   */
  public static Written write(Database db, String slug, boolean withKeys, Writer out, Clock clock,
                              PrintWriter err, boolean progress) {
    Progress bar = new Progress(err, progress);
    long started = System.nanoTime();
    return db.tx(h -> {
      ExportStore.beginSnapshot(h);
      UUID projectId = ExportStore.projectId(h, slug)
          .orElseThrow(() -> new ExportFormat.Refused("no live project with slug '" + slug + "'"));
      long estimate = ExportStore.estimatedRows(h, projectId);
      line(out, header(slug, projectId, withKeys, ExportStore.schemaVersions(h), clock).toString());
      long[] rows = {0};
      for (String table : ExportStore.TABLES.keySet()) {
        if (table.equals("aweb.api_keys") && !withKeys) {
          continue;
        }
        String prefix = "{\"table\":\"" + table + "\",\"row\":";
        ExportStore.rows(h, table, projectId, withKeys, row -> {
          line(out, prefix + row + "}");
          rows[0]++;
          bar.show(table, rows[0], Math.max(estimate, rows[0]));
        });
      }
      ObjectNode end = Json.object();
      end.putObject("end").put("rows", rows[0]);
      line(out, end.toString());
      flush(out);
      bar.finish(String.format("exported project '%s': %d rows%s in %.2f s", slug, rows[0],
          withKeys ? " (with key hashes)" : "", (System.nanoTime() - started) / 1e9));
      return new Written(projectId, rows[0]);
    });
  }

  private static ObjectNode header(String slug, UUID projectId, boolean withKeys, Map<String, String> schema,
                                   Clock clock) {
    ObjectNode h = Json.object();
    h.put("format", ExportFormat.NAME);
    h.put("version", ExportFormat.VERSION);
    h.put("exported_at", Times.isoOffset(clock.instant()));
    ObjectNode source = h.putObject("source");
    source.put("server", ExportFormat.SERVER);
    ObjectNode versions = source.putObject("schema");
    schema.forEach(versions::put);
    ObjectNode project = h.putObject("project");
    project.put("id", projectId.toString());
    project.put("slug", slug);
    h.put("with_keys", withKeys);
    return h;
  }

  private static void line(Writer out, String text) {
    try {
      out.write(text);
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void flush(Writer out) {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
