package org.statefun.loader.binding;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.statefun.core.classloading.ContextClassLoader;
import org.statefun.core.universe.Bindings;
import org.statefun.core.universe.UniverseBuilder;
import org.statefun.loader.classes.ClassChecks;
import org.statefun.loader.spi.RecordView;
import org.statefun.loader.yaml.DidYouMean;
import org.statefun.loader.yaml.ModuleDocument;
import org.statefun.loader.yaml.Problems;
import org.statefun.loader.yaml.RecordId;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.io.Router;
import org.statefun.sdk.spi.Binder;

/**
 * Resolves module.yaml routers against everything all modules bound and binds them: the target
 * function type must exist, {@code id: key} needs keyed records, {@code value.<field>} must exist
 * where the value type is known, and a router class must accept the ingress's records. Whether the
 * ingress exists and whether every ingress has a router is the registry's to check.
 */
public final class RouterResolver {

  private final UniverseBuilder registry;
  private final YamlComponents components;
  private final Problems problems;
  private final String noFunctionTypes;

  /**
   * @param registry where the routers are bound, and what they are resolved against
   * @param components how the bound ingresses' records are read
   * @param problems where problems of targets, ids and router classes are reported
   */
  public RouterResolver(UniverseBuilder registry, YamlComponents components, Problems problems) {
    this(registry, components, problems, "no module binds any function types");
  }

  /**
   * @param noFunctionTypes what a target naming an unbound function type says when no function type
   *     is bound at all: why that may be (e.g. a Java module that failed to load)
   */
  public RouterResolver(
      UniverseBuilder registry,
      YamlComponents components,
      Problems problems,
      String noFunctionTypes) {
    this.registry = registry;
    this.components = components;
    this.problems = problems;
    this.noFunctionTypes = noFunctionTypes;
  }

  public void resolve(List<PendingRouter> routers) {
    routers.forEach(this::resolve);
  }

  private void resolve(PendingRouter pending) {
    ModuleDocument.Router entry = pending.entry();
    Origin origin =
        Origin.yaml(
            pending.module().name(), pending.path(), entry.location(), entry.ingressLocation());
    Binder binder = registry.binder(origin);
    Bindings bindings = registry.bindings();
    Bindings.Ingress ingress = bindings.ingresses().get(entry.ingress().toString());
    if (ingress == null) {
      // The registry reports the unknown ingress at this entry's 'ingress'.
      binder.bindIngressRouter(
          new IngressIdentifier<>(
              Object.class, entry.ingress().namespace(), entry.ingress().name()),
          UnresolvedRouter.INSTANCE);
      return;
    }
    IngressIdentifier<?> id = ingress.spec().id();
    Optional<Router<?>> router =
        entry.routerClass().isPresent()
            ? routerClass(pending, entry.routerClass().get(), id)
            : target(pending, entry.target().orElseThrow(), ingress);
    router.ifPresentOrElse(r -> bind(binder, id, r), () -> registry.failedRouter(id.toString()));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void bind(Binder binder, IngressIdentifier<?> id, Router<?> router) {
    binder.bindIngressRouter((IngressIdentifier) id, (Router) router);
  }

  /** The router of a {@code target}, when the target and its id fit the ingress. */
  private Optional<Router<?>> target(
      PendingRouter pending, ModuleDocument.Target target, Bindings.Ingress ingress) {
    String ingressId = ingress.spec().id().toString();
    YamlComponents.IngressDetail detail = components.ingress(ingress.spec());
    Map<FunctionType, Bindings.Function> functions = registry.bindings().functions();
    boolean valid = true;
    Map<String, Bindings.Namespace> namespaces = registry.bindings().namespaces();
    if (registry.hasFailedBinding(target.type().toString())
        || registry.hasFailedBinding(target.type().namespace() + "/*")) {
      valid = false;
    } else if (!functions.containsKey(target.type())
        && !namespaces.containsKey(target.type().namespace())) {
      Set<String> types = new HashSet<>();
      functions.keySet().forEach(t -> types.add(t.toString()));
      namespaces.keySet().forEach(n -> types.add(n + "/*"));
      problems.add(
          target.typeLocation(),
          "'"
              + pending.path()
              + ".target' names function type '"
              + target.type()
              + "', which no module binds"
              + (types.isEmpty()
                  ? "; " + noFunctionTypes
                  : unknownHint(target.type().toString(), types, "function types")));
      valid = false;
    }
    RecordId recordId = target.id();
    if (recordId.source() == RecordId.Source.KEY && !detail.view().hasKeys()) {
      problems.add(
          target.idLocation(),
          "'"
              + pending.path()
              + ".id' is 'key', but the records of ingress '"
              + ingressId
              + "' (kind "
              + detail.kind()
              + ") have no keys; use value or value.<field>");
      valid = false;
    } else if (recordId.source() == RecordId.Source.VALUE) {
      Optional<String> fieldProblem = FieldPath.check(detail.valueType(), recordId.fields());
      if (fieldProblem.isPresent()) {
        problems.add(
            target.idLocation(),
            "'" + pending.path() + ".id' is '" + recordId + "', but " + fieldProblem.get());
        valid = false;
      }
    }
    return valid
        ? Optional.of(yamlRouter(ingress.spec().id(), target.type(), recordId, detail.view()))
        : Optional.empty();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Router<?> yamlRouter(
      IngressIdentifier<?> id, FunctionType type, RecordId recordId, RecordView<?> view) {
    return new YamlRouter(id, type, recordId, view);
  }

  private Optional<Router<?>> routerClass(
      PendingRouter pending, ModuleDocument.ClassRef ref, IngressIdentifier<?> id) {
    ModuleContext module = pending.module();
    try {
      Class<? extends Router> type =
          ClassChecks.load(ref.name(), Router.class, true, module.classLoader(), module.name());
      Optional<Class<?>> accepts = routedType(type);
      if (accepts.isPresent() && !accepts.get().isAssignableFrom(id.producedType())) {
        problems.add(
            ref.location(),
            "router class '"
                + ref.name()
                + "' routes records of type "
                + accepts.get().getName()
                + ", but ingress '"
                + id
                + "' produces "
                + id.producedType().getName());
        return Optional.empty();
      }
      return Optional.of(
          ContextClassLoader.with(module.classLoader(), () -> Instances.create(type)));
    } catch (ClassChecks.ClassProblem | Instances.CreationException e) {
      problems.add(ref.location(), e.getMessage());
      return Optional.empty();
    }
  }

  /** The T of {@code Router<T>} when the class (or a superclass) implements it with a class. */
  private static Optional<Class<?>> routedType(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Type implemented : c.getGenericInterfaces()) {
        if (implemented instanceof ParameterizedType p
            && p.getRawType() == Router.class
            && p.getActualTypeArguments()[0] instanceof Class<?> routed) {
          return Optional.of(routed);
        }
      }
    }
    return Optional.empty();
  }

  /** "; did you mean 'x'? Bound <what>: a, b", or that none is bound. */
  static String unknownHint(String name, Set<String> known, String what) {
    if (known.isEmpty()) {
      return "; no module binds any " + what;
    }
    String hint = DidYouMean.hint(name, known);
    return (hint.isEmpty() ? "; bound " : hint + " Bound ")
        + what
        + ": "
        + String.join(", ", known.stream().sorted().toList());
  }
}
