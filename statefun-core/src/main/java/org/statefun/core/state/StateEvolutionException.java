package org.statefun.core.state;

/**
 * A restored state cannot be read as the function now declares it: its class lost or renamed a
 * field, a field or the state changed type, or a class that cannot evolve changed. The message
 * names the function type, the state, the class and what changed, and how to proceed.
 */
public final class StateEvolutionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StateEvolutionException(String message) {
    super(message);
  }
}
