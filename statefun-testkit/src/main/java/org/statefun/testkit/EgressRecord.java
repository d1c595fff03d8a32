package org.statefun.testkit;

import java.util.Objects;
import org.statefun.sdk.Address;
import org.statefun.sdk.io.EgressIdentifier;

/**
 * A record a function sent to an egress during an invocation.
 *
 * @param from the sending address
 * @param egress the egress
 * @param record the record
 */
public record EgressRecord(Address from, EgressIdentifier<?> egress, Object record) {

  public EgressRecord {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(egress, "egress");
  }
}
