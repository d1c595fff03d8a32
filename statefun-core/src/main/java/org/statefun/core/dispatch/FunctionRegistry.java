package org.statefun.core.dispatch;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;
import org.statefun.core.state.FlinkStateBinder;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.StatefulFunctionProvider;

/** The function objects of one subtask: one per type, created on first use, state bound. */
final class FunctionRegistry implements Dispatcher.Functions {

  private final Map<FunctionType, StatefulFunctionProvider> providers;
  private final Map<String, StatefulFunctionProvider> namespaceProviders;
  private final FlinkStateBinder binder;
  private final Function<FunctionType, FunctionMetrics> metrics;
  private final Map<FunctionType, LiveFunction> live = new HashMap<>();
  // Every invocation looks its function up; a job uses few FunctionType instances.
  private final IdentityHashMap<FunctionType, LiveFunction> byInstance = new IdentityHashMap<>();
  private static final int MAX_INSTANCES = 1024;

  FunctionRegistry(
      Map<FunctionType, StatefulFunctionProvider> providers,
      Map<String, StatefulFunctionProvider> namespaceProviders,
      FlinkStateBinder binder,
      Function<FunctionType, FunctionMetrics> metrics) {
    this.providers = providers;
    this.namespaceProviders = namespaceProviders;
    this.binder = binder;
    this.metrics = metrics;
  }

  /**
   * Creates the function object of every type bound by name now, so persisted-field errors surface
   * at start-up; types of bound namespaces are created on their first message.
   */
  void createAll() {
    providers.keySet().forEach(this::get);
  }

  @Override
  public LiveFunction get(FunctionType type) {
    LiveFunction function = byInstance.get(type);
    if (function != null) {
      return function;
    }
    function = live.get(type);
    if (function == null) {
      function = create(type);
      live.put(type, function);
    }
    if (byInstance.size() < MAX_INSTANCES) {
      byInstance.put(type, function);
    }
    return function;
  }

  private LiveFunction create(FunctionType type) {
    StatefulFunctionProvider provider = providers.get(type);
    if (provider == null) {
      provider = namespaceProviders.get(type.namespace());
    }
    StatefulFunction function = provider.functionOfType(type);
    if (function == null) {
      throw new IllegalStateException(
          "The provider "
              + provider.getClass().getName()
              + " bound for function type "
              + type
              + " returned null");
    }
    binder.bind(type, function);
    return new LiveFunction(
        type, function, function.getClass().getClassLoader(), metrics.apply(type));
  }
}
