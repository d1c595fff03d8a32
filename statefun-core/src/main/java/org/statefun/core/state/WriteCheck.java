package org.statefun.core.state;

import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Checks the first value of each concrete class written to one state, once per subtask, by a
 * serialize-and-deserialize round trip through the state's serializer. A value that cannot be
 * stored then fails where it is written, naming the state, its class and the failing field, instead
 * of at the next checkpoint (heap backends) or at the next read (RocksDB, for values whose class
 * cannot be read back, such as lambdas). After the first write of a class the check is one hash
 * lookup, and none while one class is written again and again.
 *
 * @param <T> the declared type
 */
final class WriteCheck<T> {
  private final StateSerializer<T> serializer;
  private final Set<Class<?>> checked = new HashSet<>();
  private Class<?> lastChecked;

  private WriteCheck(StateSerializer<T> serializer) {
    this.serializer = serializer;
  }

  /** A check through {@code serializer}, which Flink created from a {@link StateTypeInfo}. */
  static <T> WriteCheck<T> of(TypeSerializer<T> serializer) {
    return new WriteCheck<>((StateSerializer<T>) serializer);
  }

  /**
   * @throws StateAccessException when {@code value} is the first of its class and cannot be
   *     serialized and read back
   */
  void check(T value) {
    if (value == null) {
      return;
    }
    Class<?> type = value.getClass();
    if (type == lastChecked) {
      return;
    }
    if (!checked.contains(type)) {
      serializer.checkRoundTrip(value);
      checked.add(type);
    }
    lastChecked = type;
  }
}
