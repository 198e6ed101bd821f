package io.beadhub.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.db.Database;
import io.beadhub.db.DatabaseUrl;
import io.beadhub.testing.TestPostgres;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A table a migration adds is either exported or named, with its reason, as deliberately left out. */
class ExportCoverageTest {
  @Test
  void everyTableOfTheSchemasIsExportedOrDeliberatelyLeftOut() {
    List<String> tables;
    try (Database db = new Database(DatabaseUrl.parse(TestPostgres.get().newDatabase()), 2)) {
      tables = db.read(h -> h.createQuery("""
              SELECT table_schema || '.' || table_name FROM information_schema.tables
               WHERE table_schema IN ('aweb', 'server', 'beads') AND table_type = 'BASE TABLE'
                 AND table_name <> 'flyway_schema_history'
               ORDER BY 1
              """).mapTo(String.class).list());
    }

    assertThat(tables).isNotEmpty();
    assertThat(tables).as("tables neither in ExportStore.TABLES nor in ExportStore.NOT_EXPORTED")
        .allMatch(t -> ExportStore.TABLES.containsKey(t) || ExportStore.NOT_EXPORTED.containsKey(t));
    assertThat(ExportStore.TABLES.keySet()).as("exported tables that do not exist").allMatch(tables::contains);
  }
}
