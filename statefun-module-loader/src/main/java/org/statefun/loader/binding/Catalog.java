package org.statefun.loader.binding;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.statefun.core.universe.UniverseBuilder;
import org.statefun.loader.spi.RecordView;
import org.statefun.loader.yaml.Problems;
import org.statefun.sdk.FailurePolicy;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunctionProvider;
import org.statefun.sdk.io.EgressSpec;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.io.IngressSpec;
import org.statefun.sdk.io.Router;
import org.statefun.sdk.spi.Binder;

/**
 * Every binding of every module with its {@link Origin}. A second binding of an id or function
 * type is a problem naming both places and is not kept.
 */
public final class Catalog {

  /**
   * A bound ingress.
   *
   * @param spec the ingress
   * @param view how YAML routers see its records
   * @param valueType the class of the records' values, {@code Object} when unknown
   * @param kind the YAML kind, or the spec class for Java bindings
   * @param origin where it was bound
   */
  public record Ingress(
      IngressSpec<?> spec, RecordView<?> view, Class<?> valueType, String kind, Origin origin) {}

  /**
   * A bound egress.
   *
   * @param spec the egress
   * @param kind the YAML kind, or the spec class for Java bindings
   * @param origin where it was bound
   */
  public record Egress(EgressSpec<?> spec, String kind, Origin origin) {}

  /**
   * A bound function type.
   *
   * @param type the function type
   * @param provider its provider
   * @param onError what happens when an invocation throws
   * @param implementation the class named in YAML, or the provider class
   * @param origin where it was bound
   */
  public record Function(
      FunctionType type,
      StatefulFunctionProvider provider,
      FailurePolicy onError,
      String implementation,
      Origin origin) {}

  /**
   * A bound router.
   *
   * @param ingress the routed ingress
   * @param router the router
   * @param description "demo/greeter by value" or the router class, for summaries
   * @param origin where it was bound
   */
  public record Route(IngressIdentifier<?> ingress, Router<?> router, String description, Origin origin) {}

  private final Path base;
  private final Problems problems;
  private final Map<String, Ingress> ingresses = new LinkedHashMap<>();
  private final Map<String, Egress> egresses = new LinkedHashMap<>();
  private final Map<FunctionType, Function> functions = new LinkedHashMap<>();
  private final List<Route> routes = new ArrayList<>();
  private final Set<String> failed = new HashSet<>();
  private final Set<String> routedByBrokenRouter = new HashSet<>();

  /**
   * @param base the modules directory; other places are named relative to it in messages
   * @param problems where duplicates are reported
   */
  public Catalog(Path base, Problems problems) {
    this.base = base;
    this.problems = problems;
  }

  public Map<String, Ingress> ingresses() {
    return Collections.unmodifiableMap(ingresses);
  }

  public Map<String, Egress> egresses() {
    return Collections.unmodifiableMap(egresses);
  }

  public Map<FunctionType, Function> functions() {
    return Collections.unmodifiableMap(functions);
  }

  public List<Route> routes() {
    return Collections.unmodifiableList(routes);
  }

  public void add(Ingress ingress) {
    String id = ingress.spec().id().toString();
    Ingress previous = ingresses.putIfAbsent(id, ingress);
    if (previous != null) {
      duplicate("ingress '" + id + "'", previous.origin(), ingress.origin());
    }
  }

  public void add(Egress egress) {
    String id = egress.spec().id().toString();
    Egress previous = egresses.putIfAbsent(id, egress);
    if (previous != null) {
      duplicate("egress '" + id + "'", previous.origin(), egress.origin());
    }
  }

  public void add(Function function) {
    Function previous = functions.putIfAbsent(function.type(), function);
    if (previous != null) {
      duplicate("function type '" + function.type() + "'", previous.origin(), function.origin());
    }
  }

  public void add(Route route) {
    routes.add(route);
  }

  /**
   * Notes that a module.yaml entry for {@code idOrType} exists but could not be bound (its problem
   * is already reported), so references to it are not reported again.
   */
  public void failed(String idOrType) {
    failed.add(idOrType);
  }

  /**
   * Notes that a module.yaml router entry for ingress {@code id} exists but could not be bound, so
   * the ingress is not reported as having no router.
   */
  public void routedByBrokenRouter(String id) {
    routedByBrokenRouter.add(id);
  }

  /** Whether {@link #routedByBrokenRouter} was called for {@code id}. */
  public boolean isRoutedByBrokenRouter(String id) {
    return routedByBrokenRouter.contains(id);
  }

  /** Whether {@link #failed} was called for {@code idOrType}. */
  public boolean hasFailed(String idOrType) {
    return failed.contains(idOrType);
  }

  /** A binder for a Java module that records its bindings here under {@code origin}. */
  public Binder binder(Origin origin) {
    return new CatalogBinder(this, origin);
  }

  /** Binds everything into {@code builder}, attributed to the modules that bound it. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void bindInto(UniverseBuilder builder) {
    functions.values()
        .forEach(f -> builder.binderFor(f.origin().module()).bindFunctionProvider(f.type(), f.provider(), f.onError()));
    ingresses.values().forEach(i -> builder.binderFor(i.origin().module()).bindIngress(i.spec()));
    routes.forEach(
        r ->
            builder
                .binderFor(r.origin().module())
                .bindIngressRouter((IngressIdentifier) r.ingress(), (Router) r.router()));
    egresses.values().forEach(e -> builder.binderFor(e.origin().module()).bindEgress(e.spec()));
  }

  private void duplicate(String what, Origin first, Origin second) {
    problems.add(
        second.location(),
        what
            + " is already bound by "
            + first.describe(base)
            + "; ids and function types must be unique across all modules");
  }
}
