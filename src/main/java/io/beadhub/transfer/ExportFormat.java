package io.beadhub.transfer;

/**
 * The export file (docs/export.md): JSON Lines, UTF-8. The first line is the header
 * <pre>{"format":"beadhub-project","version":1,"exported_at":…,"source":{…},"project":{…},"with_keys":…}</pre>
 * then one line per row, {@code {"table":"schema.table","row":{…}}}, tables in {@link ExportStore#TABLES}
 * order, and a last line {@code {"end":{"rows":n}}} so that a cut-off file is refused, not half-read.
 */
public final class ExportFormat {
  public static final String NAME = "beadhub-project";
  /** Raised when a reader of the previous version could no longer read the file correctly. */
  public static final int VERSION = 1;
  public static final String SERVER = "beadhub 0.1.0";

  private ExportFormat() {
  }

  /** Why an export or an import did not happen, in words for the operator. */
  public static final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message, null, false, false);
    }
  }
}
