package io.beadhub.sync;

/** Told of each finished sync: its mode ({@code full}/{@code incremental}), records received and duration. */
@FunctionalInterface
public interface SyncMeter {
  SyncMeter NONE = (mode, rows, nanos) -> { };

  void synced(String mode, int rows, long nanos);
}
