package org.statefun.sdk.state;

import java.time.Duration;
import java.util.Objects;

/**
 * When persisted state expires (processing time). Expired state reads as absent.
 *
 * @param mode what refreshes the expiration timer
 * @param duration how long state lives after the last refresh; {@link Duration#ZERO} for {@link
 *     Mode#NONE}
 */
public record Expiration(Mode mode, Duration duration) {

  /** What refreshes the expiration timer of a state entry. */
  public enum Mode {
    /** Never expires. */
    NONE,
    /** Expires {@code duration} after it was last written. */
    AFTER_WRITE,
    /** Expires {@code duration} after it was last read or written. */
    AFTER_READ_OR_WRITE
  }

  private static final Expiration NONE = new Expiration(Mode.NONE, Duration.ZERO);

  public Expiration {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(duration, "duration");
    if (mode != Mode.NONE && (duration.isNegative() || duration.isZero())) {
      throw new IllegalArgumentException("Expiration duration must be positive, got " + duration);
    }
  }

  /** State never expires. */
  public static Expiration none() {
    return NONE;
  }

  /** State expires {@code duration} after its last write. */
  public static Expiration expireAfterWriting(Duration duration) {
    return new Expiration(Mode.AFTER_WRITE, duration);
  }

  /** State expires {@code duration} after its last read or write. */
  public static Expiration expireAfterReadingOrWriting(Duration duration) {
    return new Expiration(Mode.AFTER_READ_OR_WRITE, duration);
  }
}
