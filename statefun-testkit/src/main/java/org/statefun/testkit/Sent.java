package org.statefun.testkit;

import java.util.Objects;
import org.statefun.sdk.Address;

/**
 * A message a function sent to another address during an invocation.
 *
 * @param from the sending address
 * @param to the target address
 * @param message the message
 */
public record Sent(Address from, Address to, Object message) {

  public Sent {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }
}
