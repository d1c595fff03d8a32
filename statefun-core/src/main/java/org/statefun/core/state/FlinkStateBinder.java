package org.statefun.core.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.state.Expiration;
import org.statefun.sdk.state.PersistedAppendingBuffer;
import org.statefun.sdk.state.PersistedTable;
import org.statefun.sdk.state.PersistedValue;
import org.statefun.sdk.state.StateBinding;

/**
 * Binds the persisted fields of function objects to Flink keyed state named {@code
 * namespace.name.stateName}. The state follows the operator's current key, so setting the key to
 * an address id before invoking points every field at that instance.
 */
public final class FlinkStateBinder {

  private final KeyedStateStore store;

  public FlinkStateBinder(KeyedStateStore store) {
    this.store = store;
  }

  /** The Flink state name of a function's state. */
  public static String flinkStateName(FunctionType type, String stateName) {
    return type.namespace() + "." + type.name() + "." + stateName;
  }

  /** Binds every persisted field of {@code function}; returns the Flink state names bound. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public List<String> bind(FunctionType type, StatefulFunction function) {
    List<String> names = new ArrayList<>();
    for (PersistedFields.PersistedField field : PersistedFields.of(type, function)) {
      String name = flinkStateName(type, field.stateName());
      names.add(name);
      Object state = field.state();
      if (state instanceof PersistedValue value) {
        ValueStateDescriptor<?> descriptor = new ValueStateDescriptor<>(name, value.type());
        withTtl(descriptor, value.expiration());
        StateBinding.bind(value, new ValueAccessor<>(name, store.getState(descriptor)));
      } else if (state instanceof PersistedTable table) {
        MapStateDescriptor<?, ?> descriptor =
            new MapStateDescriptor<>(name, table.keyType(), table.valueType());
        withTtl(descriptor, table.expiration());
        StateBinding.bind(table, new TableAccessor<>(name, store.getMapState(descriptor)));
      } else {
        PersistedAppendingBuffer buffer = (PersistedAppendingBuffer) state;
        ListStateDescriptor<?> descriptor =
            new ListStateDescriptor<>(name, buffer.elementType());
        withTtl(descriptor, buffer.expiration());
        StateBinding.bind(buffer, new BufferAccessor<>(name, store.getListState(descriptor)));
      }
    }
    return names;
  }

  private static void withTtl(StateDescriptor<?, ?> descriptor, Expiration expiration) {
    if (expiration.mode() == Expiration.Mode.NONE) {
      return;
    }
    StateTtlConfig.Builder ttl =
        StateTtlConfig.newBuilder(expiration.duration())
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired);
    ttl.setUpdateType(
        expiration.mode() == Expiration.Mode.AFTER_WRITE
            ? StateTtlConfig.UpdateType.OnCreateAndWrite
            : StateTtlConfig.UpdateType.OnReadAndWrite);
    descriptor.enableTimeToLive(ttl.build());
  }

  private record ValueAccessor<T>(String name, ValueState<T> state)
      implements PersistedValue.Accessor<T> {
    @Override
    public T get() {
      try {
        return state.value();
      } catch (Exception e) {
        throw new StateAccessException(name, e);
      }
    }

    @Override
    public void set(T value) {
      try {
        state.update(value);
      } catch (Exception e) {
        throw new StateAccessException(name, e);
      }
    }

    @Override
    public void clear() {
      state.clear();
    }
  }

  private record TableAccessor<K, V>(String name, MapState<K, V> state)
      implements PersistedTable.Accessor<K, V> {
    @Override
    public V get(K key) {
      try {
        return state.get(key);
      } catch (Exception e) {
        throw new StateAccessException(name, e);
      }
    }

    @Override
    public void set(K key, V value) {
      try {
        state.put(key, value);
      } catch (Exception e) {
        throw new StateAccessException(name, e);
      }
    }

    @Override
    public void remove(K key) {
      try {
        state.remove(key);
      } catch (Exception e) {
        throw new StateAccessException(name, e);
      }
    }

    @Override
    public Iterable<Map.Entry<K, V>> entries() {
      try {
        return state.entries();
      } catch (Exception e) {
        throw new StateAccessException(name, e);
      }
    }

    @Override
    public Iterable<K> keys() {
      try {
        return state.keys();
      } catch (Exception e) {
        throw new StateAccessException(name, e);
      }
    }

    @Override
    public Iterable<V> values() {
      try {
        return state.values();
      } catch (Exception e) {
        throw new StateAccessException(name, e);
      }
    }

    @Override
    public void clear() {
      state.clear();
    }
  }

  private record BufferAccessor<T>(String name, ListState<T> state)
      implements PersistedAppendingBuffer.Accessor<T> {
    @Override
    public void append(T element) {
      try {
        state.add(element);
      } catch (Exception e) {
        throw new StateAccessException(name, e);
      }
    }

    @Override
    public void appendAll(List<T> elements) {
      try {
        state.addAll(elements);
      } catch (Exception e) {
        throw new StateAccessException(name, e);
      }
    }

    @Override
    public void replaceWith(List<T> elements) {
      try {
        state.update(elements);
      } catch (Exception e) {
        throw new StateAccessException(name, e);
      }
    }

    @Override
    public Iterable<T> view() {
      try {
        Iterable<T> elements = state.get();
        return elements != null ? elements : List.of();
      } catch (Exception e) {
        throw new StateAccessException(name, e);
      }
    }

    @Override
    public void clear() {
      state.clear();
    }
  }
}
