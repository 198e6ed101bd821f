package io.beadhub.beads;

/**
 * A change detected while applying records (spec 40 §1.6) that may notify subscribers: kind is
 * {@code status}, {@code priority}, {@code assignee} or {@code removed}.
 */
public record BeadChange(String beadId, String kind, String oldValue, String newValue, String title, String reason) {
}
