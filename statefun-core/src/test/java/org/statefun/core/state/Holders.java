package org.statefun.core.state;

import org.statefun.sdk.Context;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.state.Persisted;
import org.statefun.sdk.state.PersistedAppendingBuffer;
import org.statefun.sdk.state.PersistedTable;
import org.statefun.sdk.state.PersistedValue;

/**
 * Functions holding one persisted state of classes chosen at run time, so that a test can bind the
 * same state to a class before and after an evolution.
 */
final class Holders {
  private Holders() {}

  /** One {@code PersistedValue} named {@code name} of {@code type}. */
  static final class ValueHolder implements StatefulFunction {
    @Persisted final PersistedValue<Object> value;

    @SuppressWarnings("unchecked")
    ValueHolder(String name, Class<?> type) {
      value = PersistedValue.of(name, (Class<Object>) type);
    }

    @Override
    public void invoke(Context context, Object message) {}
  }

  /** One {@code PersistedTable} named {@code name} of {@code keyType} to {@code valueType}. */
  static final class TableHolder implements StatefulFunction {
    @Persisted final PersistedTable<Object, Object> table;

    @SuppressWarnings("unchecked")
    TableHolder(String name, Class<?> keyType, Class<?> valueType) {
      table = PersistedTable.of(name, (Class<Object>) keyType, (Class<Object>) valueType);
    }

    @Override
    public void invoke(Context context, Object message) {}
  }

  /** One {@code PersistedAppendingBuffer} named {@code name} of {@code elementType}. */
  static final class BufferHolder implements StatefulFunction {
    @Persisted final PersistedAppendingBuffer<Object> buffer;

    @SuppressWarnings("unchecked")
    BufferHolder(String name, Class<?> elementType) {
      buffer = PersistedAppendingBuffer.of(name, (Class<Object>) elementType);
    }

    @Override
    public void invoke(Context context, Object message) {}
  }

  /** No persisted state at all: a function that dropped its state. */
  static final class Stateless implements StatefulFunction {
    @Override
    public void invoke(Context context, Object message) {}
  }
}
