package org.statefun.core.message;

import java.util.Objects;
import org.statefun.sdk.Address;

/**
 * A message on its way to a function: where it goes, who sent it and what it carries. Envelopes are
 * immutable; the payload is handed over to the receiver, never shared.
 *
 * @param target the receiving address
 * @param source the sending address, or {@code null} for messages from an ingress
 * @param payload the message itself
 */
public record Envelope(Address target, Address source, Object payload) {

  public Envelope {
    Objects.requireNonNull(target, "target");
  }

  /** The key the dataflow partitions by: the target id. */
  public String key() {
    return target.id();
  }
}
