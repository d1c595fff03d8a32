package org.statefun.testkit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.state.Persisted;
import org.statefun.sdk.state.PersistedAppendingBuffer;
import org.statefun.sdk.state.PersistedStateRegistry;
import org.statefun.sdk.state.PersistedTable;
import org.statefun.sdk.state.PersistedValue;
import org.statefun.sdk.state.StateBinding;

/**
 * Binds a function's {@link Persisted @Persisted} fields (superclasses included) to harness stores
 * through the SDK's {@link StateBinding}, with the checks the runtime makes: persisted types must
 * be annotated, annotated fields must be initialized instance fields of a persisted type, state
 * names are unique, and there is at most one {@link PersistedStateRegistry}.
 */
final class PersistedFieldBinder {
  private PersistedFieldBinder() {}

  /** Binds every persisted field of {@code function}; returns the stores by state name. */
  static Map<String, States.Store> bind(
      FunctionType type, StatefulFunction function, States.Scope scope) {
    Map<String, States.Store> stores = new LinkedHashMap<>();
    boolean registry = false;
    for (Class<?> c = function.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        boolean annotated = field.isAnnotationPresent(Persisted.class);
        boolean persistedType = isPersistedType(field.getType());
        if (!annotated && !persistedType) {
          continue;
        }
        String where = "Function type " + type + ": field " + c.getName() + "#" + field.getName();
        if (!annotated) {
          throw new IllegalArgumentException(
              where + " holds a persisted type but is not annotated @Persisted");
        }
        if (!persistedType) {
          throw new IllegalArgumentException(
              where + " is annotated @Persisted but its type cannot be persisted");
        }
        if (Modifier.isStatic(field.getModifiers())) {
          throw new IllegalArgumentException(where + " is static; persisted state must not be");
        }
        Object state;
        try {
          field.setAccessible(true);
          state = field.get(function);
        } catch (IllegalAccessException | RuntimeException e) {
          throw new IllegalArgumentException(where + " cannot be read: " + e, e);
        }
        if (state == null) {
          throw new IllegalArgumentException(where + " is annotated @Persisted but is null");
        }
        if (state instanceof PersistedStateRegistry r) {
          if (registry) {
            throw new IllegalArgumentException(
                where + " is a second PersistedStateRegistry; a function may have one");
          }
          registry = true;
          StateBinding.bind(r, new Registrar(stores, scope));
          continue;
        }
        States.Store store = bindOne(state, scope);
        if (stores.putIfAbsent(store.name, store) != null) {
          throw new IllegalArgumentException(
              where + " uses the state name '" + store.name + "' of another field");
        }
      }
    }
    return stores;
  }

  private static States.Store bindOne(Object state, States.Scope scope) {
    if (state instanceof PersistedValue<?> value) {
      return bindValue(value, scope);
    } else if (state instanceof PersistedTable<?, ?> table) {
      return bindTable(table, scope);
    }
    return bindBuffer((PersistedAppendingBuffer<?>) state, scope);
  }

  private static <T> States.Store bindValue(PersistedValue<T> value, States.Scope scope) {
    States.ValueStore<T> store = new States.ValueStore<>(value, scope);
    StateBinding.bind(value, store);
    return store;
  }

  private static <K, V> States.Store bindTable(PersistedTable<K, V> table, States.Scope scope) {
    States.TableStore<K, V> store = new States.TableStore<>(table, scope);
    StateBinding.bind(table, store);
    return store;
  }

  private static <T> States.Store bindBuffer(
      PersistedAppendingBuffer<T> buffer, States.Scope scope) {
    States.BufferStore<T> store = new States.BufferStore<>(buffer, scope);
    StateBinding.bind(buffer, store);
    return store;
  }

  private static boolean isPersistedType(Class<?> type) {
    return type == PersistedValue.class
        || type == PersistedTable.class
        || type == PersistedAppendingBuffer.class
        || type == PersistedStateRegistry.class;
  }

  /** Values registered at run time become stores like declared ones. */
  private record Registrar(Map<String, States.Store> stores, States.Scope scope)
      implements PersistedStateRegistry.Registrar {
    @Override
    public <T> void register(PersistedValue<T> value) {
      States.Store existing = stores.get(value.name());
      if (existing != null) {
        throw new IllegalArgumentException(
            "Dynamic state '" + value.name() + "' clashes with a @Persisted field's state name");
      }
      stores.put(value.name(), bindValue(value, scope));
    }
  }
}
