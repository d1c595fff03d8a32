package org.statefun.core.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
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
import org.statefun.sdk.state.PersistedStateRegistry;
import org.statefun.sdk.state.PersistedTable;
import org.statefun.sdk.state.PersistedValue;
import org.statefun.sdk.state.StateBinding;

/**
 * Binds the persisted fields of function objects to Flink keyed state named {@code
 * namespace.name.stateName}. The state follows the operator's current key, so setting the key to an
 * address id before invoking points every field at that instance.
 *
 * <p>Every state is written through a {@link StateSerializer}, so a restored state whose classes
 * changed fails its registration here with a {@link StateEvolutionException}, and the first value
 * of each class written to a state is checked by a {@link WriteCheck}.
 */
public final class FlinkStateBinder {

  private final KeyedStateStore store;
  private final DynamicStates dynamic;

  public FlinkStateBinder(KeyedStateStore store) {
    this(store, new DynamicStates());
  }

  /**
   * @param dynamic the values registered at run time so far (restored ones included); new
   *     registrations are added to it
   */
  public FlinkStateBinder(KeyedStateStore store, DynamicStates dynamic) {
    this.store = store;
    this.dynamic = dynamic;
  }

  /** The Flink state name of a function's state. */
  public static String flinkStateName(FunctionType type, String stateName) {
    return type.namespace() + "." + type.name() + "." + stateName;
  }

  /**
   * Binds every persisted field of {@code function}; returns the Flink state names bound.
   *
   * @throws StateEvolutionException when a restored state cannot be read as it is declared now
   * @throws StateBindingException when Flink refuses to register a state for another reason
   */
  public List<String> bind(FunctionType type, StatefulFunction function) {
    List<String> names = new ArrayList<>();
    PersistedStateRegistry registry = null;
    for (PersistedFields.PersistedField field : PersistedFields.of(type, function)) {
      Object state = field.state();
      if (state instanceof PersistedStateRegistry r) {
        registry = r;
        continue;
      }
      String name = flinkStateName(type, field.stateName());
      names.add(name);
      if (state instanceof PersistedValue<?> value) {
        bindValue(type, name, value);
      } else if (state instanceof PersistedTable<?, ?> table) {
        bindTable(type, name, table);
      } else {
        bindBuffer(type, name, (PersistedAppendingBuffer<?>) state);
      }
    }
    if (registry != null) {
      bindRegistry(type, registry, names, function.getClass().getClassLoader());
    }
    return names;
  }

  /**
   * Binds a registry: each value it registers becomes Flink state like a field's, and is recorded
   * in {@link DynamicStates}; values registered before a restore are registered again now.
   */
  private void bindRegistry(
      FunctionType type,
      PersistedStateRegistry registry,
      List<String> fieldStates,
      ClassLoader loader) {
    StateBinding.bind(
        registry,
        new PersistedStateRegistry.Registrar() {
          @Override
          public <T> void register(PersistedValue<T> value) {
            String name = flinkStateName(type, value.name());
            if (fieldStates.contains(name)) {
              throw new StateBindingException(
                  "Function type "
                      + type
                      + ": a persisted field already uses the state name '"
                      + value.name()
                      + "', so the PersistedStateRegistry cannot register it");
            }
            bindValue(type, name, value);
            dynamic.add(type, value);
          }
        });
    for (DynamicStates.Registration restored : dynamic.of(type)) {
      registry.register(restored.toValue(loader));
    }
  }

  private <T> void bindValue(FunctionType type, String name, PersistedValue<T> value) {
    StateId id = new StateId(type, value.name(), StateId.Role.VALUE);
    ValueStateDescriptor<T> descriptor =
        new ValueStateDescriptor<>(name, StateTypeInfo.of(id, value.type()));
    withTtl(descriptor, value.expiration());
    ValueState<T> state = register(id, () -> store.getState(descriptor));
    StateBinding.bind(
        value, new ValueAccessor<>(id, state, WriteCheck.of(descriptor.getSerializer())));
  }

  private <K, V> void bindTable(FunctionType type, String name, PersistedTable<K, V> table) {
    StateId keys = new StateId(type, table.name(), StateId.Role.TABLE_KEY);
    StateId values = new StateId(type, table.name(), StateId.Role.TABLE_VALUE);
    MapStateDescriptor<K, V> descriptor =
        new MapStateDescriptor<>(
            name,
            StateTypeInfo.of(keys, table.keyType()),
            StateTypeInfo.of(values, table.valueType()));
    withTtl(descriptor, table.expiration());
    MapState<K, V> state = register(keys, () -> store.getMapState(descriptor));
    StateBinding.bind(
        table,
        new TableAccessor<>(
            values,
            state,
            WriteCheck.of(descriptor.getKeySerializer()),
            WriteCheck.of(descriptor.getValueSerializer())));
  }

  private <T> void bindBuffer(FunctionType type, String name, PersistedAppendingBuffer<T> buffer) {
    StateId id = new StateId(type, buffer.name(), StateId.Role.BUFFER_ELEMENT);
    ListStateDescriptor<T> descriptor =
        new ListStateDescriptor<>(name, StateTypeInfo.of(id, buffer.elementType()));
    withTtl(descriptor, buffer.expiration());
    ListState<T> state = register(id, () -> store.getListState(descriptor));
    StateBinding.bind(
        buffer, new BufferAccessor<>(id, state, WriteCheck.of(descriptor.getElementSerializer())));
  }

  /**
   * Registers a state with Flink, which checks a restored state's evolution here. Flink wraps what
   * the check throws ("Error while getting state"): rethrown unwrapped, the evolution message is
   * the cause of the task's (and job's) failure.
   */
  private static <S> S register(StateId id, Supplier<S> registration) {
    try {
      return registration.get();
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof StateEvolutionException evolution) {
          throw evolution;
        }
      }
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new StateBindingException(
          id.describe() + " cannot be registered with Flink: " + cause.getMessage(), e);
    }
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

  private record ValueAccessor<T>(StateId id, ValueState<T> state, WriteCheck<T> check)
      implements PersistedValue.Accessor<T> {
    @Override
    public T get() {
      try {
        return state.value();
      } catch (StateAccessException e) {
        throw e;
      } catch (Exception e) {
        throw StateAccessException.accessFailed(id, e);
      }
    }

    @Override
    public void set(T value) {
      check.check(value);
      try {
        state.update(value);
      } catch (StateAccessException e) {
        throw e;
      } catch (Exception e) {
        throw StateAccessException.accessFailed(id, e);
      }
    }

    @Override
    public void clear() {
      state.clear();
    }
  }

  private record TableAccessor<K, V>(
      StateId id, MapState<K, V> state, WriteCheck<K> keyCheck, WriteCheck<V> valueCheck)
      implements PersistedTable.Accessor<K, V> {
    @Override
    public V get(K key) {
      return access(() -> state.get(key));
    }

    @Override
    public void set(K key, V value) {
      keyCheck.check(key);
      valueCheck.check(value);
      access(
          () -> {
            state.put(key, value);
            return null;
          });
    }

    @Override
    public void remove(K key) {
      access(
          () -> {
            state.remove(key);
            return null;
          });
    }

    @Override
    public Iterable<Map.Entry<K, V>> entries() {
      return access(state::entries);
    }

    @Override
    public Iterable<K> keys() {
      return access(state::keys);
    }

    @Override
    public Iterable<V> values() {
      return access(state::values);
    }

    @Override
    public void clear() {
      state.clear();
    }

    private <R> R access(Access<R> access) {
      return FlinkStateBinder.access(id, access);
    }
  }

  private record BufferAccessor<T>(StateId id, ListState<T> state, WriteCheck<T> check)
      implements PersistedAppendingBuffer.Accessor<T> {
    @Override
    public void append(T element) {
      check.check(element);
      access(
          id,
          () -> {
            state.add(element);
            return null;
          });
    }

    @Override
    public void appendAll(List<T> elements) {
      elements.forEach(check::check);
      access(
          id,
          () -> {
            state.addAll(elements);
            return null;
          });
    }

    @Override
    public void replaceWith(List<T> elements) {
      elements.forEach(check::check);
      access(
          id,
          () -> {
            state.update(elements);
            return null;
          });
    }

    @Override
    public Iterable<T> view() {
      return access(
          id,
          () -> {
            Iterable<T> elements = state.get();
            return elements != null ? elements : List.<T>of();
          });
    }

    @Override
    public void clear() {
      state.clear();
    }
  }

  /** A Flink state call, which may throw checked exceptions. */
  @FunctionalInterface
  private interface Access<R> {
    R run() throws Exception;
  }

  private static <R> R access(StateId id, Access<R> access) {
    try {
      return access.run();
    } catch (StateAccessException e) {
      throw e;
    } catch (Exception e) {
      throw StateAccessException.accessFailed(id, e);
    }
  }
}
