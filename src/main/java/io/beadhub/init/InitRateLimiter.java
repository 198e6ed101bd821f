package io.beadhub.init;

import java.util.OptionalLong;

/** The {@code /v1/init} fixed-window limiter per client IP (spec 10 §8). */
public interface InitRateLimiter {
  /** Counts one request; returns the whole seconds until the window ends when over the limit. */
  OptionalLong hit(String ip);
}
