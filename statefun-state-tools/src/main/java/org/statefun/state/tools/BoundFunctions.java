package org.statefun.state.tools;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.statefun.core.state.FlinkStateBinder;
import org.statefun.core.state.PersistedFields;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.StatefulFunctionProvider;

/**
 * One function object per type, its persisted fields bound to keyed state by the runtime's {@link
 * FlinkStateBinder}: reading or writing them reads or writes the state of the current key, exactly
 * as a running job would.
 */
final class BoundFunctions {
  private BoundFunctions() {}

  /**
   * Binds a function object of every type in {@code providers} to {@code store}.
   *
   * @return per type, the bound {@code PersistedValue}, {@code PersistedTable} or {@code
   *     PersistedAppendingBuffer} by state name
   */
  static Map<FunctionType, Map<String, Object>> bind(
      Map<FunctionType, StatefulFunctionProvider> providers, KeyedStateStore store) {
    FlinkStateBinder binder = new FlinkStateBinder(store);
    Map<FunctionType, Map<String, Object>> bound = new LinkedHashMap<>();
    providers.forEach(
        (type, provider) -> {
          StatefulFunction function = provider.functionOfType(type);
          binder.bind(type, function);
          Map<String, Object> states = new LinkedHashMap<>();
          for (PersistedFields.PersistedField field : PersistedFields.of(type, function)) {
            if (field.stateName() != null) {
              states.put(field.stateName(), field.state());
            }
          }
          bound.put(type, states);
        });
    return bound;
  }
}
