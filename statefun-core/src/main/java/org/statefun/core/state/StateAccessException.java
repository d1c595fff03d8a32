package org.statefun.core.state;

/** Reading or writing Flink state failed; names the state. */
public final class StateAccessException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StateAccessException(String stateName, Exception cause) {
    super("Failed to access persisted state '" + stateName + "': " + cause.getMessage(), cause);
  }
}
