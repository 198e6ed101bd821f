package io.beadhub.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** Figures the browser tests measure: printed, and appended to target/dashboard-figures.txt for the report. */
final class Figures {
  private static final Path FILE = Path.of("target", "dashboard-figures.txt");

  private Figures() {
  }

  static void record(String what, long value) {
    String line = Instant.now() + "  " + what + ": " + value;
    System.out.println("[dashboard figures] " + line);
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      // the figure was printed; the file is a convenience
    }
  }
}
