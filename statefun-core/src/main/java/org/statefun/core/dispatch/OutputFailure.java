package org.statefun.core.dispatch;

/**
 * A function's message could not be handed on because the runtime's own path failed (a sink, the
 * network, the spill disk) — not the function's fault, so its failure policy does not apply: the
 * job fails over.
 */
final class OutputFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private OutputFailure(String message, Throwable cause) {
    super(message, cause);
  }

  static OutputFailure of(String where, Throwable cause) {
    return new OutputFailure("Could not hand a message to " + where + ": " + cause, cause);
  }
}
