package org.statefun.core.dispatch;

import java.util.HashSet;
import java.util.Set;
import org.statefun.core.message.PayloadSerializer;
import org.statefun.core.message.SerializationProblem;

/**
 * Checks that values which may have to cross the network or enter a checkpoint can be serialized
 * and read back, once per class: a message that would only fail on another subtask, on RocksDB or
 * at checkpoint time fails where it is sent instead, with the sender and the failing field named.
 * After the first value of a class, the check is a set lookup.
 */
final class SerializabilityCheck {

  private final PayloadSerializer payloads = new PayloadSerializer();
  private final Set<Class<?>> verified = new HashSet<>();
  private Class<?> lastVerified;

  /** Null when {@code value} serializes (or its class did before); else what fails. */
  String problem(Object value) {
    if (value == null) {
      return null;
    }
    Class<?> type = value.getClass();
    if (type == lastVerified) {
      return null;
    }
    if (!verified.contains(type)) {
      try {
        payloads.copy(value);
      } catch (RuntimeException | LinkageError | StackOverflowError e) {
        return SerializationProblem.describe(e);
      }
      verified.add(type);
    }
    lastVerified = type;
    return null;
  }
}
