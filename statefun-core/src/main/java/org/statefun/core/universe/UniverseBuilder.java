package org.statefun.core.universe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.statefun.sdk.DeadLetter;
import org.statefun.sdk.FailurePolicy;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunctionProvider;
import org.statefun.sdk.io.EgressSpec;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.io.IngressSpec;
import org.statefun.sdk.io.Router;
import org.statefun.sdk.spi.Binder;
import org.statefun.sdk.spi.StatefulFunctionModule;

/**
 * The one registry of bindings: records what every module binds, with its {@link BindingOrigin},
 * and checks it once. {@link #problems()} lists every problem (duplicates, routers of unknown
 * ingresses, ingresses without routers, dead-letter egresses that are missing or reject dead
 * letters, nothing bound) with the origin it is about; {@link #build()} returns the universe when
 * there is none.
 */
public final class UniverseBuilder {

  private final Map<String, Bindings.Ingress> ingresses = new LinkedHashMap<>();
  private final List<Bindings.Route> routers = new ArrayList<>();
  private final Map<FunctionType, Bindings.Function> functions = new LinkedHashMap<>();
  private final Map<String, Bindings.Namespace> namespaces = new LinkedHashMap<>();
  private final Map<String, Bindings.Egress> egresses = new LinkedHashMap<>();
  private final Bindings bindings =
      new Bindings(
          Collections.unmodifiableMap(ingresses),
          Collections.unmodifiableList(routers),
          Collections.unmodifiableMap(functions),
          Collections.unmodifiableMap(namespaces),
          Collections.unmodifiableMap(egresses));
  private final List<UniverseProblem> duplicates = new ArrayList<>();
  private final Set<String> failedBindings = new HashSet<>();
  private final Set<String> failedRouterIngresses = new HashSet<>();
  private boolean incomplete;

  /**
   * Runs {@code module.configure} and records its bindings as coming from module {@code
   * moduleName}.
   */
  public UniverseBuilder addModule(
      String moduleName, StatefulFunctionModule module, Map<String, String> globalConfiguration) {
    Objects.requireNonNull(module, "module");
    module.configure(Map.copyOf(globalConfiguration), binder(BindingOrigin.module(moduleName)));
    return this;
  }

  /** A binder that records its bindings as coming from {@code origin}. */
  public Binder binder(BindingOrigin origin) {
    return new OriginBinder(Objects.requireNonNull(origin, "origin"));
  }

  /** Everything recorded so far; the view follows later bindings. */
  public Bindings bindings() {
    return bindings;
  }

  /**
   * Notes that an ingress, egress or function type could not be bound because of a problem reported
   * elsewhere: references to it are then no problem of their own, and the bindings are {@linkplain
   * #incomplete() incomplete}.
   */
  public void failedBinding(String idOrType) {
    failedBindings.add(Objects.requireNonNull(idOrType, "idOrType"));
    incomplete = true;
  }

  /** Whether {@link #failedBinding} was called for {@code idOrType}. */
  public boolean hasFailedBinding(String idOrType) {
    return failedBindings.contains(idOrType);
  }

  /**
   * Notes that a router for {@code ingressId} could not be bound because of a problem reported
   * elsewhere: that ingress is then not reported as having no router, and the bindings are
   * {@linkplain #incomplete() incomplete}.
   */
  public void failedRouter(String ingressId) {
    failedRouterIngresses.add(Objects.requireNonNull(ingressId, "ingressId"));
    incomplete = true;
  }

  /**
   * Notes that something failed before or while binding (reported elsewhere), so bindings may be
   * missing: the checks of the universe as a whole (is anything bound?) are then skipped, as what
   * they would miss may be what failed.
   */
  public void incomplete() {
    incomplete = true;
  }

  /**
   * Every problem of the bindings, in this order: duplicates (in binding order), routers,
   * dead-letter egresses, ingresses without routers. What the universe as a whole lacks (nothing
   * bound, no function type, no ingress) is reported only when there is no other problem and the
   * bindings are complete: otherwise it is likely a consequence of what failed.
   */
  public List<UniverseProblem> problems() {
    List<UniverseProblem> problems = new ArrayList<>(duplicates);
    routers.forEach(router -> checkRouter(router, problems));
    functions.values().forEach(function -> checkDeadLetterEgress(function, problems));
    ingresses.forEach(
        (id, ingress) -> {
          if (!isRouted(id)) {
            problems.add(new UniverseProblem.IngressWithoutRouter(id, ingress.origin()));
          }
        });
    if (problems.isEmpty() && !incomplete) {
      boolean noFunction = functions.isEmpty() && namespaces.isEmpty();
      if (ingresses.isEmpty() && egresses.isEmpty() && noFunction && routers.isEmpty()) {
        problems.add(UniverseProblem.MissingBindings.NOTHING);
      } else {
        if (noFunction) {
          problems.add(UniverseProblem.MissingBindings.NO_FUNCTION);
        }
        if (ingresses.isEmpty()) {
          problems.add(UniverseProblem.MissingBindings.NO_INGRESS);
        }
      }
    }
    return problems;
  }

  /**
   * The universe: every ingress with its routers, egress and function type, in binding order.
   *
   * @throws UniverseException listing every {@linkplain #problems() problem}
   * @throws IllegalStateException when the bindings are {@linkplain #incomplete() incomplete}
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Universe build() {
    List<UniverseProblem> problems = problems();
    if (!problems.isEmpty()) {
      throw new UniverseException(problems);
    }
    if (incomplete) {
      throw new IllegalStateException("Some bindings failed: the universe would be incomplete");
    }
    List<Universe.IngressBinding<?>> ingressBindings = new ArrayList<>();
    ingresses.forEach(
        (id, ingress) -> {
          List<Router<Object>> routes = new ArrayList<>();
          for (Bindings.Route route : routers) {
            if (route.ingress().toString().equals(id)) {
              routes.add((Router<Object>) route.router());
            }
          }
          ingressBindings.add(new Universe.IngressBinding(ingress.spec(), routes));
        });
    Map<FunctionType, StatefulFunctionProvider> providers = new LinkedHashMap<>();
    Map<FunctionType, FailurePolicy> failurePolicies = new LinkedHashMap<>();
    functions.forEach(
        (type, function) -> {
          providers.put(type, function.provider());
          if (function.onError().action() != FailurePolicy.Action.FAIL) {
            failurePolicies.put(type, function.onError());
          }
        });
    Map<String, StatefulFunctionProvider> namespaceProviders = new LinkedHashMap<>();
    Map<String, FailurePolicy> namespacePolicies = new LinkedHashMap<>();
    namespaces.forEach(
        (namespace, binding) -> {
          namespaceProviders.put(namespace, binding.provider());
          if (binding.onError().action() != FailurePolicy.Action.FAIL) {
            namespacePolicies.put(namespace, binding.onError());
          }
        });
    return new Universe(
        ingressBindings,
        egresses.values().stream().<EgressSpec<?>>map(Bindings.Egress::spec).toList(),
        providers,
        failurePolicies,
        namespaceProviders,
        namespacePolicies);
  }

  private boolean isRouted(String ingressId) {
    return failedRouterIngresses.contains(ingressId)
        || routers.stream().anyMatch(r -> r.ingress().toString().equals(ingressId));
  }

  private void checkRouter(Bindings.Route router, List<UniverseProblem> problems) {
    String id = router.ingress().toString();
    Bindings.Ingress ingress = ingresses.get(id);
    if (ingress == null) {
      if (!failedBindings.contains(id)) {
        problems.add(
            new UniverseProblem.UnboundRouterIngress(
                id, List.copyOf(ingresses.keySet()), router.origin()));
      }
    } else if (!ingress.spec().id().producedType().equals(router.ingress().producedType())) {
      problems.add(
          new UniverseProblem.RouterTypeMismatch(
              id,
              router.ingress().producedType(),
              ingress.spec().id().producedType(),
              ingress.origin(),
              router.origin()));
    }
  }

  /** A dead-letter egress must be bound and accept {@link DeadLetter}s. */
  private void checkDeadLetterEgress(Bindings.Function function, List<UniverseProblem> problems) {
    function
        .onError()
        .deadLetterEgress()
        .ifPresent(
            egress -> {
              String id = egress.toString();
              Bindings.Egress bound = egresses.get(id);
              if (bound == null) {
                if (!failedBindings.contains(id)) {
                  problems.add(
                      new UniverseProblem.UnboundDeadLetterEgress(
                          function.type(), id, List.copyOf(egresses.keySet()), function.origin()));
                }
              } else if (!bound.spec().id().consumedType().isAssignableFrom(DeadLetter.class)) {
                problems.add(
                    new UniverseProblem.DeadLetterEgressRejects(
                        function.type(), id, bound.spec().id().consumedType(), function.origin()));
              }
            });
  }

  /** Keeps the first binding of {@code key}; a second one is a problem at its origin. */
  private <K, V> void bindOnce(
      Map<K, V> bound, K key, V binding, String what, Function<V, BindingOrigin> originOf) {
    V previous = bound.putIfAbsent(key, binding);
    if (previous != null) {
      duplicates.add(
          new UniverseProblem.DuplicateBinding(
              what, key.toString(), originOf.apply(previous), originOf.apply(binding)));
    }
  }

  /** The {@link Binder} of one origin. */
  private final class OriginBinder implements Binder {
    private final BindingOrigin origin;

    OriginBinder(BindingOrigin origin) {
      this.origin = origin;
    }

    @Override
    public <T> void bindIngress(IngressSpec<T> spec) {
      Objects.requireNonNull(spec, "spec");
      String id = Objects.requireNonNull(spec.id(), "spec.id()").toString();
      bindOnce(
          ingresses, id, new Bindings.Ingress(spec, origin), "ingress", Bindings.Ingress::origin);
    }

    @Override
    public <T> void bindEgress(EgressSpec<T> spec) {
      Objects.requireNonNull(spec, "spec");
      String id = Objects.requireNonNull(spec.id(), "spec.id()").toString();
      bindOnce(egresses, id, new Bindings.Egress(spec, origin), "egress", Bindings.Egress::origin);
    }

    @Override
    public void bindFunctionProvider(
        FunctionType type, StatefulFunctionProvider provider, FailurePolicy onError) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(onError, "onError");
      bindOnce(
          functions,
          type,
          new Bindings.Function(type, provider, onError, origin),
          "function type",
          Bindings.Function::origin);
    }

    @Override
    public void bindNamespaceProvider(
        String namespace, StatefulFunctionProvider provider, FailurePolicy onError) {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(onError, "onError");
      bindOnce(
          namespaces,
          namespace,
          new Bindings.Namespace(namespace, provider, onError, origin),
          "function namespace",
          Bindings.Namespace::origin);
    }

    @Override
    public <T> void bindIngressRouter(IngressIdentifier<T> id, Router<T> router) {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(router, "router");
      routers.add(new Bindings.Route(id, router, origin));
    }
  }
}
