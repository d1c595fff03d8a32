package org.statefun.loader.binding;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.statefun.core.classloading.ContextClassLoader;
import org.statefun.loader.spi.ClassChecks;
import org.statefun.loader.spi.RecordView;
import org.statefun.loader.yaml.DidYouMean;
import org.statefun.loader.yaml.ModuleDocument;
import org.statefun.loader.yaml.Problems;
import org.statefun.loader.yaml.RecordId;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.io.Router;

/**
 * Resolves module.yaml routers against everything all modules bound: the ingress and the target
 * function type must exist, {@code id: key} needs keyed records, {@code value.<field>} must exist
 * where the value type is known, and a router class must accept the ingress's records. Then
 * reports module.yaml ingresses that no router reads.
 */
public final class RouterResolver {

  private final Catalog catalog;
  private final Problems problems;

  public RouterResolver(Catalog catalog, Problems problems) {
    this.catalog = catalog;
    this.problems = problems;
  }

  public void resolve(List<PendingRouter> routers) {
    routers.forEach(this::resolve);
    Set<String> routed =
        catalog.routes().stream().map(r -> r.ingress().toString()).collect(Collectors.toSet());
    routers.forEach(r -> routed.add(r.entry().ingress().toString()));
    catalog.ingresses().forEach(
        (id, ingress) -> {
          if (ingress.origin().isYaml() && !routed.contains(id) && !catalog.isRoutedByBrokenRouter(id)) {
            problems.add(
                ingress.origin().location(),
                "ingress '"
                    + id
                    + "' has no router; add a routers: entry with 'ingress: "
                    + id
                    + "' so its records reach functions");
          }
        });
  }

  private void resolve(PendingRouter pending) {
    ModuleDocument.Router entry = pending.entry();
    String ingressId = entry.ingress().toString();
    Catalog.Ingress ingress = catalog.ingresses().get(ingressId);
    if (ingress == null) {
      if (catalog.hasFailed(ingressId)) {
        return;
      }
      problems.add(
          entry.ingressLocation(),
          "'"
              + pending.path()
              + ".ingress' names ingress '"
              + ingressId
              + "', which no module binds"
              + unknownHint(ingressId, catalog.ingresses().keySet(), "ingresses"));
      return;
    }
    Origin origin = Origin.yaml(pending.module().name(), entry.location());
    IngressIdentifier<?> id = ingress.spec().id();
    if (entry.routerClass().isPresent()) {
      routerClass(pending, entry.routerClass().get(), id).ifPresent(
          router -> catalog.add(new Catalog.Route(id, router, router.getClass().getName(), origin)));
      return;
    }
    ModuleDocument.Target target = entry.target().orElseThrow();
    boolean valid = true;
    if (catalog.hasFailed(target.type().toString())) {
      valid = false;
    } else if (!catalog.functions().containsKey(target.type())) {
      Set<String> types = new HashSet<>();
      catalog.functions().keySet().forEach(t -> types.add(t.toString()));
      problems.add(
          target.typeLocation(),
          "'"
              + pending.path()
              + ".target' names function type '"
              + target.type()
              + "', which no module binds"
              + unknownHint(target.type().toString(), types, "function types"));
      valid = false;
    }
    RecordId recordId = target.id();
    if (recordId.source() == RecordId.Source.KEY && !ingress.view().hasKeys()) {
      problems.add(
          target.idLocation(),
          "'"
              + pending.path()
              + ".id' is 'key', but the records of ingress '"
              + ingressId
              + "' (kind "
              + ingress.kind()
              + ") have no keys; use value or value.<field>");
      valid = false;
    } else if (recordId.source() == RecordId.Source.VALUE) {
      Optional<String> fieldProblem = FieldPath.check(ingress.valueType(), recordId.fields());
      if (fieldProblem.isPresent()) {
        problems.add(target.idLocation(), "'" + pending.path() + ".id' is '" + recordId + "', but " + fieldProblem.get());
        valid = false;
      }
    }
    if (valid) {
      catalog.add(
          new Catalog.Route(
              id,
              yamlRouter(id, target.type(), recordId, ingress.view()),
              target.type() + " by " + recordId,
              origin));
    }
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
      return Optional.of(ContextClassLoader.with(module.classLoader(), () -> Instances.create(type)));
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
    return (hint.isEmpty() ? "; bound " : hint + " Bound ") + what + ": " + String.join(", ", known.stream().sorted().toList());
  }
}
