package org.statefun.core.universe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
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
 * Collects the bindings of all modules and validates them together. Problems (duplicates, routers
 * of unknown ingresses, ingresses without routers, nothing bound) are collected and reported at
 * once by {@link #build()}.
 */
public final class UniverseBuilder {

  private final Map<String, Bound<IngressSpec<?>>> ingresses = new LinkedHashMap<>();
  private final Map<String, Bound<EgressSpec<?>>> egresses = new LinkedHashMap<>();
  private final Map<FunctionType, Bound<StatefulFunctionProvider>> functions = new LinkedHashMap<>();
  private final Map<FunctionType, FailurePolicy> failurePolicies = new LinkedHashMap<>();
  private final Map<String, List<Bound<RouterBinding>>> routers = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();

  /** A binding and the module that made it. */
  private record Bound<T>(T value, String module) {}

  private record RouterBinding(IngressIdentifier<?> ingress, Router<?> router) {}

  /** Runs {@code module.configure} and records its bindings as coming from {@code moduleName}. */
  public UniverseBuilder addModule(
      String moduleName, StatefulFunctionModule module, Map<String, String> globalConfiguration) {
    Objects.requireNonNull(module, "module");
    module.configure(Map.copyOf(globalConfiguration), binderFor(moduleName));
    return this;
  }

  /**
   * Adds every {@link StatefulFunctionModule} that {@link ServiceLoader} finds through {@code
   * classLoader}, named by its class.
   */
  public UniverseBuilder addServiceLoaderModules(
      ClassLoader classLoader, Map<String, String> globalConfiguration) {
    for (StatefulFunctionModule module :
        ServiceLoader.load(StatefulFunctionModule.class, classLoader)) {
      addModule(module.getClass().getName(), module, globalConfiguration);
    }
    return this;
  }

  /** A binder whose bindings are attributed to {@code moduleName} in error messages. */
  public Binder binderFor(String moduleName) {
    Objects.requireNonNull(moduleName, "moduleName");
    return new ModuleBinder(moduleName);
  }

  /**
   * Validates and returns the universe.
   *
   * @throws UniverseException listing every problem
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Universe build() {
    List<String> all = new ArrayList<>(problems);
    if (ingresses.isEmpty() && egresses.isEmpty() && functions.isEmpty() && routers.isEmpty()) {
      all.add(
          "Nothing is bound: no module bound a function, ingress, router or egress"
              + " (check that modules are found: META-INF/services or module.yaml)");
    } else {
      if (functions.isEmpty()) {
        all.add("No function type is bound: messages from ingresses would have nowhere to go");
      }
      if (ingresses.isEmpty()) {
        all.add("No ingress is bound: no message would ever enter the application");
      }
    }
    routers.forEach(
        (ingressName, bindings) -> {
          Bound<IngressSpec<?>> ingress = ingresses.get(ingressName);
          for (Bound<RouterBinding> router : bindings) {
            if (ingress == null) {
              all.add(
                  "Module '"
                      + router.module()
                      + "' binds a router for ingress '"
                      + ingressName
                      + "', but no ingress with that id is bound. Bound ingresses: "
                      + ingresses.keySet());
            } else if (!ingress.value().id().producedType().equals(router.value().ingress().producedType())) {
              all.add(
                  "Module '"
                      + router.module()
                      + "' binds a router for ingress '"
                      + ingressName
                      + "' of type "
                      + router.value().ingress().producedType().getName()
                      + ", but that ingress (bound by module '"
                      + ingress.module()
                      + "') produces "
                      + ingress.value().id().producedType().getName());
            }
          }
        });
    failurePolicies.forEach((type, policy) -> checkDeadLetterEgress(type, policy, all));
    ingresses.forEach(
        (name, ingress) -> {
          if (!routers.containsKey(name)) {
            all.add(
                "Ingress '"
                    + name
                    + "' (bound by module '"
                    + ingress.module()
                    + "') has no router: bind one with bindIngressRouter so its records reach functions");
          }
        });
    if (!all.isEmpty()) {
      throw new UniverseException(all);
    }
    List<Universe.IngressBinding<?>> ingressBindings = new ArrayList<>();
    ingresses.forEach(
        (name, ingress) -> {
          List<Router<Object>> rs = new ArrayList<>();
          for (Bound<RouterBinding> r : routers.get(name)) {
            rs.add((Router<Object>) r.value().router());
          }
          ingressBindings.add(new Universe.IngressBinding(ingress.value(), rs));
        });
    Map<FunctionType, StatefulFunctionProvider> providers = new LinkedHashMap<>();
    functions.forEach((type, bound) -> providers.put(type, bound.value()));
    return new Universe(
        ingressBindings,
        egresses.values().stream().<EgressSpec<?>>map(Bound::value).toList(),
        providers,
        failurePolicies);
  }

  /** A dead-letter egress must be bound and accept {@link DeadLetter}s. */
  private void checkDeadLetterEgress(FunctionType type, FailurePolicy policy, List<String> all) {
    policy
        .deadLetterEgress()
        .ifPresent(
            egress -> {
              Bound<EgressSpec<?>> bound = egresses.get(egress.toString());
              if (bound == null) {
                all.add(
                    "Function type '"
                        + type
                        + "' sends dead letters to egress '"
                        + egress
                        + "', but no egress with that id is bound. Bound egresses: "
                        + egresses.keySet());
              } else if (!bound.value().id().consumedType().isAssignableFrom(DeadLetter.class)) {
                all.add(
                    "Function type '"
                        + type
                        + "' sends dead letters to egress '"
                        + egress
                        + "', which accepts "
                        + bound.value().id().consumedType().getName()
                        + ", not "
                        + DeadLetter.class.getName());
              }
            });
  }

  private final class ModuleBinder implements Binder {
    private final String module;

    ModuleBinder(String module) {
      this.module = module;
    }

    @Override
    public <T> void bindIngress(IngressSpec<T> spec) {
      Objects.requireNonNull(spec, "spec");
      String name = Objects.requireNonNull(spec.id(), "spec.id()").toString();
      Bound<IngressSpec<?>> previous = ingresses.putIfAbsent(name, new Bound<>(spec, module));
      if (previous != null) {
        problems.add(duplicate("Ingress", name, previous.module(), module));
      }
    }

    @Override
    public <T> void bindEgress(EgressSpec<T> spec) {
      Objects.requireNonNull(spec, "spec");
      String name = Objects.requireNonNull(spec.id(), "spec.id()").toString();
      Bound<EgressSpec<?>> previous = egresses.putIfAbsent(name, new Bound<>(spec, module));
      if (previous != null) {
        problems.add(duplicate("Egress", name, previous.module(), module));
      }
    }

    @Override
    public void bindFunctionProvider(
        FunctionType type, StatefulFunctionProvider provider, FailurePolicy onError) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(onError, "onError");
      Bound<StatefulFunctionProvider> previous =
          functions.putIfAbsent(type, new Bound<>(provider, module));
      if (previous != null) {
        problems.add(duplicate("Function type", type.toString(), previous.module(), module));
      } else if (onError.action() != FailurePolicy.Action.FAIL) {
        failurePolicies.put(type, onError);
      }
    }

    @Override
    public <T> void bindIngressRouter(IngressIdentifier<T> id, Router<T> router) {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(router, "router");
      routers
          .computeIfAbsent(id.toString(), k -> new ArrayList<>())
          .add(new Bound<>(new RouterBinding(id, router), module));
    }
  }

  private static String duplicate(String what, String id, String firstModule, String secondModule) {
    return what
        + " '"
        + id
        + "' is bound twice: first by module '"
        + firstModule
        + "', again by module '"
        + secondModule
        + "'";
  }
}
