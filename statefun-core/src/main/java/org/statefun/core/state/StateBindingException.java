package org.statefun.core.state;

/** A function's persisted fields cannot be bound to durable state. */
public final class StateBindingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StateBindingException(String message) {
    super(message);
  }

  public StateBindingException(String message, Throwable cause) {
    super(message, cause);
  }
}
