package org.statefun.core.dispatch;

/** A function threw while handling a message. Fails the job; the restart strategy applies. */
public final class FunctionInvocationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FunctionInvocationException(String message, Throwable cause) {
    super(message, cause);
  }
}
