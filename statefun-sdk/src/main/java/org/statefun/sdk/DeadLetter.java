package org.statefun.sdk;

import java.io.Serializable;

/**
 * A message that a function failed to handle, sent to the dead-letter egress of a function type
 * bound with {@link FailurePolicy#deadLetter}.
 *
 * @param functionType the type of the function that threw
 * @param address the address that was invoked
 * @param caller the sender of the message, or {@code null} for a message from an ingress
 * @param messageType the class name of the message, or {@code "null"}
 * @param error the exception: its class name and message
 * @param message the message itself, or {@code null} when it cannot be serialized (it travels to
 *     the egress through Flink and possibly a checkpoint)
 */
public record DeadLetter(
    FunctionType functionType,
    Address address,
    Address caller,
    String messageType,
    String error,
    Object message)
    implements Serializable {

  /** One line: where it failed, on what, why, and the message when it is known. */
  @Override
  public String toString() {
    return "dead letter: "
        + address
        + " failed on a message of type "
        + messageType
        + (caller == null ? " from an ingress" : " from " + caller)
        + ": "
        + error
        + (message == null ? "" : "; message: " + message);
  }
}
