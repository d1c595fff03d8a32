package org.statefun.sdk.state;

/**
 * Connects persisted fields to durable state. The runtime calls these when it prepares a function
 * object; functions never need to.
 */
public final class StateBinding {
  private StateBinding() {}

  public static <T> void bind(PersistedValue<T> value, PersistedValue.Accessor<T> accessor) {
    value.bind(accessor);
  }

  public static <K, V> void bind(
      PersistedTable<K, V> table, PersistedTable.Accessor<K, V> accessor) {
    table.bind(accessor);
  }

  public static <T> void bind(
      PersistedAppendingBuffer<T> buffer, PersistedAppendingBuffer.Accessor<T> accessor) {
    buffer.bind(accessor);
  }

  /** Points {@code registry}'s registrations at the runtime's state. */
  public static void bind(
      PersistedStateRegistry registry, PersistedStateRegistry.Registrar registrar) {
    registry.bind(registrar);
  }
}
