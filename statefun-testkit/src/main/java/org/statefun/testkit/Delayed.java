package org.statefun.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.statefun.sdk.Address;

/**
 * A delayed message a function scheduled with {@code Context#sendAfter}.
 *
 * @param from the sending address (the message's caller when it is delivered)
 * @param to the target address
 * @param message the message
 * @param delay the delay the function asked for
 * @param dueAt when it is due on the {@linkplain FunctionHarness#now() harness clock}
 * @param cancellationToken the token it can be cancelled with, or {@code null} when none was given
 */
public record Delayed(
    Address from,
    Address to,
    Object message,
    Duration delay,
    Instant dueAt,
    String cancellationToken) {

  public Delayed {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(dueAt, "dueAt");
  }

  /** The cancellation token, if one was given. */
  public Optional<String> token() {
    return Optional.ofNullable(cancellationToken);
  }
}
