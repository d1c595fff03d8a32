package org.statefun.core.testing;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline, checking it every few milliseconds. */
public final class Deadline {
  private Deadline() {}

  public static void waitUntil(BooleanSupplier condition, Duration timeout)
      throws TimeoutException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new TimeoutException("Condition not reached within " + timeout);
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }
}
