package org.statefun.core.dispatch;

/**
 * A message cannot be delivered: its target function type or egress is not bound, or it does not
 * fit the egress. Fails the job; the message names the sender, the target and what is bound.
 */
public final class MessageDeliveryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MessageDeliveryException(String message) {
    super(message);
  }
}
