package org.statefun.remote;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How long a call to a remote function may take.
 *
 * @param call the whole call, retries included; when it passes, the call fails
 * @param connect opening a connection
 * @param read waiting for the response of one attempt, once the request is written
 * @param write writing the request of one attempt
 */
public record Timeouts(Duration call, Duration connect, Duration read, Duration write)
    implements Serializable {

  public static final Duration DEFAULT_CALL = Duration.ofMinutes(2);
  public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(20);

  /**
   * @throws IllegalArgumentException naming the timeout that is not positive or is longer than
   *     {@code call}
   */
  public Timeouts {
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(connect, "connect");
    Objects.requireNonNull(read, "read");
    Objects.requireNonNull(write, "write");
    requirePositive("call", call);
    requireWithinCall("connect", connect, call);
    requireWithinCall("read", read, call);
    requireWithinCall("write", write, call);
  }

  /** Call 2 minutes, connect 20 seconds, read and write as long as the call. */
  public static Timeouts defaults() {
    return new Timeouts(DEFAULT_CALL, DEFAULT_CONNECT, DEFAULT_CALL, DEFAULT_CALL);
  }

  /** How long one attempt may take: writing the request, then reading the response. */
  public Duration attempt() {
    Duration attempt = read.plus(write);
    return attempt.compareTo(call) > 0 ? call : attempt;
  }

  private static void requirePositive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("the " + name + " timeout must be positive, got " + value);
    }
  }

  private static void requireWithinCall(String name, Duration value, Duration call) {
    requirePositive(name, value);
    if (value.compareTo(call) > 0) {
      throw new IllegalArgumentException(
          "the "
              + name
              + " timeout ("
              + value
              + ") must not be longer than the call timeout ("
              + call
              + ")");
    }
  }
}
