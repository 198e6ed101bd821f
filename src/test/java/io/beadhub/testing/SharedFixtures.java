package io.beadhub.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the shared beads fixtures are: {@code BEADHUB_FIXTURES} if set, else {@code shared/} beside
 * the repository (as in every clone, CI included), else the workplace's {@code /work/shared}.
 */
public final class SharedFixtures {
  private SharedFixtures() {
  }

  public static Path beads() {
    String env = System.getenv("BEADHUB_FIXTURES");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    Path beside = Path.of("").toAbsolutePath().resolveSibling("shared").resolve("fixtures/beads");
    return Files.isDirectory(beside) ? beside : Path.of("/work/shared/fixtures/beads");
  }

  public static Path beads(String file) {
    return beads().resolve(file);
  }
}
