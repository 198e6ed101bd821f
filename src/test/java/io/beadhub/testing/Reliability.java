package io.beadhub.testing;

/**
 * The size of a reliability run. The default test command runs every reliability check in its quick
 * form (seconds); {@code ./mvnw verify -Preliability} runs the full form the figures ask for
 * (minutes).
 */
public final class Reliability {
  private Reliability() {
  }

  public static boolean full() {
    return Boolean.getBoolean("beadhub.reliability.full");
  }

  /** {@code quick} in the default run, {@code full} under {@code -Preliability}. */
  public static int scale(int quick, int full) {
    return full() ? full : quick;
  }
}
