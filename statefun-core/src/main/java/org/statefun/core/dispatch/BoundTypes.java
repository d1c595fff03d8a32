package org.statefun.core.dispatch;

import java.util.Set;
import org.statefun.sdk.Address;
import org.statefun.sdk.FunctionType;

/**
 * The function types the universe binds: checks message targets against them, with errors that say
 * what is bound.
 */
public final class BoundTypes {

  private final Set<FunctionType> functionTypes;

  public BoundTypes(Set<FunctionType> functionTypes) {
    this.functionTypes = Set.copyOf(functionTypes);
  }

  public boolean isBound(FunctionType type) {
    return functionTypes.contains(type);
  }

  /**
   * The error for a message to an unbound type.
   *
   * @param from describes the sender for the message, e.g. "Function a/b/1" or "Router of ingress
   *     x/y"
   */
  public MessageDeliveryException unbound(String from, Address to) {
    return new MessageDeliveryException(
        from
            + " sent a message to "
            + to
            + ", but no function type "
            + to.type()
            + " is bound. Bound function types: "
            + functionTypes.stream().map(FunctionType::toString).sorted().toList());
  }
}
