package io.beadhub.beads;

/** A skipped record or id, as listed in a response's {@code rejected} (spec 40 §2.3). */
public record Rejection(Integer line, String id, String reason, String field) {
}
