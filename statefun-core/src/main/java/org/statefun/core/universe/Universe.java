package org.statefun.core.universe;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.statefun.core.dispatch.BoundTypes;
import org.statefun.sdk.FailurePolicy;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunctionProvider;
import org.statefun.sdk.io.EgressSpec;
import org.statefun.sdk.io.IngressSpec;
import org.statefun.sdk.io.Router;

/**
 * Everything all modules bound, validated: the input of the translation into a Flink job. Built
 * with {@link UniverseBuilder}.
 *
 * @param ingresses every ingress with its routers, in binding order
 * @param egresses every egress, in binding order
 * @param functions the provider of every function type, in binding order
 * @param failurePolicies what happens when a function of a type throws; types not listed fail the
 *     job
 * @param namespaces the provider of every namespace bound as a whole ({@code namespace/*}), for the
 *     types no type binding names
 * @param namespaceFailurePolicies like {@code failurePolicies}, for bound namespaces
 */
public record Universe(
    List<IngressBinding<?>> ingresses,
    List<EgressSpec<?>> egresses,
    Map<FunctionType, StatefulFunctionProvider> functions,
    Map<FunctionType, FailurePolicy> failurePolicies,
    Map<String, StatefulFunctionProvider> namespaces,
    Map<String, FailurePolicy> namespaceFailurePolicies) {

  public Universe {
    ingresses = List.copyOf(ingresses);
    egresses = List.copyOf(egresses);
    functions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(functions));
    failurePolicies = Map.copyOf(failurePolicies);
    namespaces = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(namespaces));
    namespaceFailurePolicies = Map.copyOf(namespaceFailurePolicies);
  }

  /**
   * An ingress and the routers of its records.
   *
   * @param spec the ingress
   * @param routers its routers, at least one
   */
  public record IngressBinding<T>(IngressSpec<T> spec, List<Router<T>> routers) {
    public IngressBinding {
      routers = List.copyOf(routers);
    }
  }

  public Set<FunctionType> functionTypes() {
    return functions.keySet();
  }

  /** The function types and namespaces messages may go to. */
  public BoundTypes boundTypes() {
    return new BoundTypes(functions.keySet(), namespaces.keySet());
  }
}
