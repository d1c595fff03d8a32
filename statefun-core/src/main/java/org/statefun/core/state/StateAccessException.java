package org.statefun.core.state;

import org.statefun.core.message.SerializationProblem;

/** Reading or writing a persisted state failed; the message names the function type and state. */
public final class StateAccessException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private StateAccessException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Flink's state access failed for another reason than the value itself. */
  static StateAccessException accessFailed(StateId state, Exception cause) {
    return new StateAccessException(state.describe() + ": " + cause.getMessage(), cause);
  }

  /** A value of {@code valueClass} could not be written (or read back from what was written). */
  static StateAccessException unserializable(StateId state, Class<?> valueClass, Throwable cause) {
    return new StateAccessException(
        state.describe()
            + ": "
            + state.role().oneItem()
            + " of class "
            + valueClass.getName()
            + " cannot be serialized: "
            + SerializationProblem.describe(cause),
        cause);
  }

  /** Stored bytes could not be read as the state's class. */
  static StateAccessException unreadable(StateId state, String className, Throwable cause) {
    return new StateAccessException(
        state.describe()
            + ": a stored "
            + state.role().noun()
            + " of class "
            + className
            + " cannot be read: "
            + SerializationProblem.describe(cause),
        cause);
  }
}
