package io.beadhub.claims;

/** The ref of an aweb task (spec 40 §4.5): {@code <slug>-<number>}, padded to at least 3 digits, never cut. */
public final class TaskRef {
  private TaskRef() {
  }

  public static String of(String projectSlug, long number) {
    return projectSlug + "-" + String.format("%03d", number);
  }
}
