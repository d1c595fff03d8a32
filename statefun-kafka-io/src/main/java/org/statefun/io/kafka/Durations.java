package org.statefun.io.kafka;

import java.time.Duration;

/** Durations as module.yaml writes them: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}. */
final class Durations {
  private Durations() {}

  static String describe(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }

  /** Checks that {@code duration} is positive. */
  static Duration positive(Duration duration, String what) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + duration);
    }
    return duration;
  }
}
