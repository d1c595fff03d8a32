package org.statefun.core.state;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.state.Persisted;
import org.statefun.sdk.state.PersistedAppendingBuffer;
import org.statefun.sdk.state.PersistedStateRegistry;
import org.statefun.sdk.state.PersistedTable;
import org.statefun.sdk.state.PersistedValue;

/**
 * Finds the persisted state of a function object: its {@link Persisted @Persisted} fields,
 * including those declared in superclasses. Rejects fields that cannot be made fault tolerant, with
 * a message naming the function type, class and field.
 */
public final class PersistedFields {

  private PersistedFields() {}

  /**
   * One persisted field.
   *
   * @param field where it is declared, for messages ({@code Class#field})
   * @param stateName the state name the function chose; null for a registry
   * @param state the {@code PersistedValue}, {@code PersistedTable}, {@code
   *     PersistedAppendingBuffer} or {@code PersistedStateRegistry}
   */
  public record PersistedField(String field, String stateName, Object state) {}

  /**
   * Returns the persisted fields of {@code function}.
   *
   * @throws StateBindingException naming the first offending field
   */
  public static List<PersistedField> of(FunctionType type, StatefulFunction function) {
    List<PersistedField> result = new ArrayList<>();
    Map<String, String> fieldByStateName = new HashMap<>();
    String registryField = null;
    for (Class<?> c = function.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        boolean annotated = field.isAnnotationPresent(Persisted.class);
        boolean persistedType = isPersistedType(field.getType());
        if (!annotated && !persistedType) {
          continue;
        }
        String where = c.getName() + "#" + field.getName();
        if (!annotated) {
          throw new StateBindingException(
              prefix(type, where)
                  + "holds a "
                  + field.getType().getSimpleName()
                  + " but is not annotated @Persisted, so its state would not survive failures;"
                  + " annotate it with @Persisted");
        }
        if (!persistedType) {
          throw new StateBindingException(
              prefix(type, where)
                  + "is annotated @Persisted but its type "
                  + field.getType().getName()
                  + " cannot be persisted; declare it as PersistedValue, PersistedTable,"
                  + " PersistedAppendingBuffer or PersistedStateRegistry");
        }
        if (Modifier.isStatic(field.getModifiers())) {
          throw new StateBindingException(
              prefix(type, where)
                  + "is static; persisted state must be an instance field, one per function object");
        }
        Object state = read(field, function, type, where);
        if (state instanceof PersistedStateRegistry) {
          if (registryField != null) {
            throw new StateBindingException(
                "Function type "
                    + type
                    + ": fields "
                    + registryField
                    + " and "
                    + where
                    + " are both PersistedStateRegistry; a function may have one");
          }
          registryField = where;
          result.add(new PersistedField(where, null, state));
          continue;
        }
        String stateName = stateName(state);
        String previous = fieldByStateName.putIfAbsent(stateName, where);
        if (previous != null) {
          throw new StateBindingException(
              "Function type "
                  + type
                  + ": fields "
                  + previous
                  + " and "
                  + where
                  + " both use the state name '"
                  + stateName
                  + "'; state names must be unique within a function");
        }
        result.add(new PersistedField(where, stateName, state));
      }
    }
    return result;
  }

  private static Object read(
      Field field, StatefulFunction function, FunctionType type, String where) {
    try {
      field.setAccessible(true);
      Object state = field.get(function);
      if (state == null) {
        throw new StateBindingException(
            prefix(type, where)
                + "is annotated @Persisted but is null; initialize it, for example with"
                + " PersistedValue.of(\"name\", Long.class)");
      }
      return state;
    } catch (IllegalAccessException | RuntimeException e) {
      if (e instanceof StateBindingException sbe) {
        throw sbe;
      }
      throw new StateBindingException(prefix(type, where) + "cannot be read: " + e, e);
    }
  }

  private static boolean isPersistedType(Class<?> type) {
    return type == PersistedValue.class
        || type == PersistedTable.class
        || type == PersistedAppendingBuffer.class
        || type == PersistedStateRegistry.class;
  }

  private static String stateName(Object state) {
    if (state instanceof PersistedValue<?> v) {
      return v.name();
    } else if (state instanceof PersistedTable<?, ?> t) {
      return t.name();
    }
    return ((PersistedAppendingBuffer<?>) state).name();
  }

  private static String prefix(FunctionType type, String where) {
    return "Function type " + type + ": field " + where + " ";
  }
}
