package org.statefun.core.dispatch;

/**
 * A message cannot be delivered: its target function type or egress is not bound, it does not fit
 * the egress, or it cannot be serialized. The message names the sender, the target and what was
 * expected.
 */
public final class MessageDeliveryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MessageDeliveryException(String message) {
    super(message);
  }

  public MessageDeliveryException(String message, Throwable cause) {
    super(message, cause);
  }
}
