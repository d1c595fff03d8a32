package org.statefun.loader.binding;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.statefun.loader.spi.ClassChecks;
import org.statefun.loader.spi.EgressKind;
import org.statefun.loader.spi.IngressComponent;
import org.statefun.loader.spi.IngressKind;
import org.statefun.loader.spi.InvalidSpecException;
import org.statefun.loader.spi.SpecReader;
import org.statefun.loader.yaml.DidYouMean;
import org.statefun.loader.yaml.MapReader;
import org.statefun.loader.yaml.ModuleDocument;
import org.statefun.loader.yaml.Problems;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.StatefulFunctionProvider;
import org.statefun.sdk.io.EgressSpec;

/**
 * Binds the functions, ingresses and egresses of one module.yaml into the catalog; its routers
 * come back as {@link PendingRouter}s, to resolve once all modules are bound.
 */
public final class YamlBindings {

  private final Catalog catalog;
  private final Problems problems;

  public YamlBindings(Catalog catalog, Problems problems) {
    this.catalog = catalog;
    this.problems = problems;
  }

  /** Binds {@code document} of {@code module}; returns its routers. */
  public List<PendingRouter> bind(ModuleDocument document, ModuleContext module) {
    document.broken().forEach(catalog::failed);
    document.brokenRouterIngresses().forEach(catalog::routedByBrokenRouter);
    document.functions().forEach(f -> function(f, module));
    document.ingresses().forEach(i -> ingress(i, module));
    document.egresses().forEach(e -> egress(e, module));
    List<PendingRouter> routers = new ArrayList<>();
    for (int i = 0; i < document.routers().size(); i++) {
      routers.add(new PendingRouter(document.routers().get(i), "routers[" + i + "]", module));
    }
    return routers;
  }

  private void function(ModuleDocument.Function entry, ModuleContext module) {
    ModuleDocument.ClassRef ref = entry.implementation();
    try {
      StatefulFunctionProvider provider;
      if (entry.isProvider()) {
        Class<? extends StatefulFunctionProvider> type =
            ClassChecks.load(ref.name(), StatefulFunctionProvider.class, true, module.classLoader(), module.name());
        provider = ContextClassLoader.with(module.classLoader(), () -> Instances.create(type));
      } else {
        provider =
            new ClassFunctionProvider(
                ClassChecks.load(ref.name(), StatefulFunction.class, true, module.classLoader(), module.name()));
      }
      catalog.add(
          new Catalog.Function(
              entry.type(), provider, ref.name(), Origin.yaml(module.name(), entry.location())));
    } catch (ClassChecks.ClassProblem | Instances.CreationException e) {
      problems.add(ref.location(), e.getMessage());
      catalog.failed(entry.type().toString());
    }
  }

  private void ingress(ModuleDocument.Component entry, ModuleContext module) {
    IngressKind kind = module.kinds().ingress(entry.kind()).orElse(null);
    SpecReader spec = kind == null ? null : spec(entry, module, kind.specKeys());
    if (kind == null) {
      unknownKind("ingress", entry, module.kinds().ingressKinds());
    }
    Optional<IngressComponent<?>> component =
        spec == null ? Optional.empty() : create(entry, kind.kind(), module, () -> kind.create(entry.id(), spec));
    component.ifPresentOrElse(
        c ->
            catalog.add(
                new Catalog.Ingress(
                    c.spec(), c.view(), c.valueType(), entry.kind(), Origin.yaml(module.name(), entry.location()))),
        () -> catalog.failed(entry.id().toString()));
  }

  private void egress(ModuleDocument.Component entry, ModuleContext module) {
    EgressKind kind = module.kinds().egress(entry.kind()).orElse(null);
    if (kind == null) {
      unknownKind("egress", entry, module.kinds().egressKinds());
      return;
    }
    SpecReader spec = spec(entry, module, kind.specKeys());
    if (spec == null) {
      return;
    }
    create(entry, kind.kind(), module, () -> kind.create(entry.id(), spec))
        .ifPresent(
            (EgressSpec<?> e) ->
                catalog.add(new Catalog.Egress(e, entry.kind(), Origin.yaml(module.name(), entry.location()))));
  }

  /** A reader of the entry's spec, or null when its keys are already wrong. */
  private SpecReader spec(ModuleDocument.Component entry, ModuleContext module, List<String> keys) {
    Problems keyProblems = new Problems();
    new MapReader(entry.spec(), entry.path() + ".spec", keyProblems).allowOnly(keys);
    if (!keyProblems.isEmpty()) {
      problems.addAll(keyProblems);
      return null;
    }
    return new SpecReader(
        entry.spec(), entry.path() + ".spec", problems, module.name(), module.path(), module.classLoader());
  }

  private <T> Optional<T> create(
      ModuleDocument.Component entry, String kind, ModuleContext module, Supplier<T> creation) {
    try {
      return Optional.of(ContextClassLoader.with(module.classLoader(), creation));
    } catch (InvalidSpecException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      problems.add(entry.location(), "kind '" + kind + "' cannot create " + entry.path() + ": " + e);
      return Optional.empty();
    }
  }

  private void unknownKind(String what, ModuleDocument.Component entry, Set<String> known) {
    String hint = DidYouMean.hint(entry.kind(), known);
    problems.add(
        entry.kindLocation(),
        "unknown "
            + what
            + " kind '"
            + entry.kind()
            + "'"
            + (hint.isEmpty() ? "; known " : hint + " Known ")
            + what
            + " kinds: "
            + String.join(", ", known));
  }
}
