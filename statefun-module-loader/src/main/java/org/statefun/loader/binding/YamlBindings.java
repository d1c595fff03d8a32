package org.statefun.loader.binding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.statefun.core.classloading.ContextClassLoader;
import org.statefun.core.universe.UniverseBuilder;
import org.statefun.loader.classes.ClassChecks;
import org.statefun.loader.spi.ComponentId;
import org.statefun.loader.spi.IngressComponent;
import org.statefun.loader.spi.InvalidSpecException;
import org.statefun.loader.spi.SpecReader;
import org.statefun.loader.yaml.DidYouMean;
import org.statefun.loader.yaml.MapReader;
import org.statefun.loader.yaml.ModuleDocument;
import org.statefun.loader.yaml.ModuleDocumentParser;
import org.statefun.loader.yaml.Problems;
import org.statefun.loader.yaml.YamlMap;
import org.statefun.loader.yaml.YamlSpecReader;
import org.statefun.remote.EndpointSpec;
import org.statefun.remote.RemoteFunctionProvider;
import org.statefun.sdk.DeadLetter;
import org.statefun.sdk.FailurePolicy;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.StatefulFunctionProvider;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.EgressSpec;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.io.Router;
import org.statefun.sdk.spi.Binder;

/**
 * Binds the functions, ingresses and egresses of module.yaml documents into the registry, each with
 * the {@link Origin} of its entry; their routers come back as {@link PendingRouter}s, to resolve
 * once all modules are bound. Classes and kinds are checked here; duplicates and references between
 * bindings are the registry's to check.
 */
public final class YamlBindings {

  /** The kinds StateFun ships, which this runtime may lack. */
  private static final Set<String> STATEFUN_KINDS =
      Set.of(
          "io.statefun.kafka.v1/ingress",
          "io.statefun.kafka.v1/egress",
          "io.statefun.kinesis.v1/ingress",
          "io.statefun.kinesis.v1/egress");

  private final UniverseBuilder registry;
  private final YamlComponents components;
  private final Problems problems;

  /**
   * @param registry where the entries are bound
   * @param components where the kinds of ingresses and egresses are recorded
   * @param problems where problems of classes, kinds and specs are reported
   */
  public YamlBindings(UniverseBuilder registry, YamlComponents components, Problems problems) {
    this.registry = registry;
    this.components = components;
    this.problems = problems;
  }

  /** Binds {@code document} of {@code module}; returns its routers. */
  public List<PendingRouter> bind(ModuleDocument document, ModuleContext module) {
    document.broken().forEach(registry::failedBinding);
    document.brokenRouterIngresses().forEach(registry::failedRouter);
    document.functions().forEach(f -> function(f, module));
    document.ingresses().forEach(i -> ingress(i, module));
    document.egresses().forEach(e -> egress(e, module));
    document.endpoints().forEach(e -> endpoint(e, module));
    document.kindDocuments().forEach(d -> kindDocument(d, module));
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
            ClassChecks.load(
                ref.name(),
                StatefulFunctionProvider.class,
                true,
                module.classLoader(),
                module.name());
        provider = ContextClassLoader.with(module.classLoader(), () -> Instances.create(type));
      } else {
        provider =
            new ClassFunctionProvider(
                ClassChecks.load(
                    ref.name(), StatefulFunction.class, true, module.classLoader(), module.name()));
      }
      Origin origin =
          Origin.yaml(module.name(), entry.path(), entry.location(), entry.onError().location());
      registry.binder(origin).bindFunctionProvider(entry.type(), provider, policy(entry.onError()));
    } catch (ClassChecks.ClassProblem | Instances.CreationException e) {
      problems.add(ref.location(), e.getMessage());
      registry.failedBinding(entry.type().toString());
    }
  }

  private static FailurePolicy policy(ModuleDocument.OnError onError) {
    return switch (onError.action()) {
      case "skip" -> FailurePolicy.skip();
      case "dead-letter" -> {
        ComponentId id = onError.deadLetterEgress().orElseThrow();
        yield FailurePolicy.deadLetter(
            new EgressIdentifier<>(DeadLetter.class, id.namespace(), id.name()));
      }
      default -> FailurePolicy.fail();
    };
  }

  private void ingress(ModuleDocument.Component entry, ModuleContext module) {
    KindRegistry kinds = module.kinds();
    Optional<IngressComponent<?>> created =
        kinds
            .ingress(entry.kind())
            .map(
                kind ->
                    this.<IngressComponent<?>>create(
                        entry, module, kind.specKeys(), spec -> kind.create(entry.id(), spec)))
            .orElseGet(() -> unknownKind("ingress", entry, kinds.ingressKinds()));
    created.ifPresentOrElse(
        c -> {
          components.ingress(c, entry.kind());
          Binder binder = registry.binder(origin(entry, module));
          binder.bindIngress(c.spec());
          if (c.router() != null) {
            bindRouter(binder, c);
          }
        },
        () -> registry.failedBinding(entry.id().toString()));
  }

  private void egress(ModuleDocument.Component entry, ModuleContext module) {
    KindRegistry kinds = module.kinds();
    Optional<EgressSpec<?>> created =
        kinds
            .egress(entry.kind())
            .map(
                kind ->
                    this.<EgressSpec<?>>create(
                        entry, module, kind.specKeys(), spec -> kind.create(entry.id(), spec)))
            .orElseGet(() -> unknownKind("egress", entry, kinds.egressKinds()));
    created.ifPresentOrElse(
        e -> {
          components.egress(e, entry.kind());
          registry.binder(origin(entry, module)).bindEgress(e);
        },
        () -> registry.failedBinding(entry.id().toString()));
  }

  /** The router the kind made for its ingress, as from the ingress's own entry. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void bindRouter(Binder binder, IngressComponent<?> component) {
    binder.bindIngressRouter(
        (IngressIdentifier) component.spec().id(), (Router) component.router());
  }

  /**
   * A remote function endpoint: its function type, or its whole namespace for {@code namespace/*}.
   */
  private void endpoint(ModuleDocument.Endpoint entry, ModuleContext module) {
    EndpointSpec spec = entry.spec();
    Origin origin =
        Origin.yaml(module.name(), entry.path(), entry.location(), entry.onError().location());
    Binder binder = registry.binder(origin);
    RemoteFunctionProvider provider = new RemoteFunctionProvider(spec);
    FailurePolicy policy = policy(entry.onError());
    if (spec.functions().isNamespace()) {
      binder.bindNamespaceProvider(spec.functions().namespace(), provider, policy);
    } else {
      binder.bindFunctionProvider(spec.functions().type(), provider, policy);
    }
  }

  /**
   * A StateFun document of an ingress or egress kind: its spec's {@code id} becomes the id, the
   * rest is the kind's spec.
   */
  private void kindDocument(ModuleDocument.KindDocument document, ModuleContext module) {
    KindRegistry kinds = module.kinds();
    boolean ingress = kinds.ingress(document.kind()).isPresent();
    if (!ingress && kinds.egress(document.kind()).isEmpty()) {
      unsupportedStateFunKind(document, kinds);
      return;
    }
    MapReader spec = new MapReader(document.spec(), "spec", problems);
    Optional<ComponentId> id =
        spec.requiredString("id", "an id 'namespace/name'")
            .flatMap(
                text ->
                    ComponentId.parse(text)
                        .or(
                            () -> {
                              spec.problem(
                                  "id",
                                  spec.quote("id", text)
                                      + ", which is not 'namespace/name' (for example"
                                      + " 'greeter.io/names')");
                              return Optional.empty();
                            }));
    Map<String, YamlMap.Entry> rest = new LinkedHashMap<>(document.spec().entries());
    rest.remove("id");
    if (id.isEmpty()) {
      List<String> keys =
          ingress
              ? kinds.ingress(document.kind()).orElseThrow().specKeys()
              : kinds.egress(document.kind()).orElseThrow().specKeys();
      new MapReader(new YamlMap(document.spec().location(), rest), "spec", problems)
          .allowOnly(keys);
      return;
    }
    ModuleDocument.Component component =
        new ModuleDocument.Component(
            document.location(),
            "the " + document.kind() + " document",
            id.get(),
            document.kind(),
            document.kindLocation(),
            new YamlMap(document.spec().location(), rest),
            "spec");
    if (ingress) {
      ingress(component, module);
    } else {
      egress(component, module);
    }
  }

  private void unsupportedStateFunKind(ModuleDocument.KindDocument document, KindRegistry kinds) {
    Set<String> supported = new TreeSet<>(ModuleDocumentParser.STATEFUN_ENDPOINT_KINDS);
    supported.addAll(kinds.ingressKinds());
    supported.addAll(kinds.egressKinds());
    String known = String.join(", ", supported);
    if (STATEFUN_KINDS.contains(document.kind())) {
      problems.add(
          document.kindLocation(),
          "kind '"
              + document.kind()
              + "' is not supported by this runtime (supported: "
              + known
              + ")");
      return;
    }
    String hint = DidYouMean.hint(document.kind(), supported);
    problems.add(
        document.kindLocation(),
        "unknown kind '"
            + document.kind()
            + "'"
            + (hint.isEmpty() ? "; supported kinds: " : hint + " Supported kinds: ")
            + known);
  }

  private static Origin origin(ModuleDocument.Component entry, ModuleContext module) {
    return Origin.yaml(module.name(), entry.path(), entry.location());
  }

  /**
   * Checks the spec's keys against {@code keys}, then lets the kind create the component with the
   * module's class loader as context class loader; empty when anything is wrong (already reported).
   */
  private <T> Optional<T> create(
      ModuleDocument.Component entry,
      ModuleContext module,
      List<String> keys,
      Function<SpecReader, T> creation) {
    String path = entry.specPath();
    Problems keyProblems = new Problems();
    new MapReader(entry.spec(), path, keyProblems).allowOnly(keys);
    if (!keyProblems.isEmpty()) {
      problems.addAll(keyProblems);
      return Optional.empty();
    }
    SpecReader spec =
        new YamlSpecReader(
            entry.spec(), path, problems, module.name(), module.path(), module.classLoader());
    T created;
    try {
      created = ContextClassLoader.with(module.classLoader(), () -> creation.apply(spec));
    } catch (InvalidSpecException e) {
      return Optional.empty();
    } catch (RuntimeException | LinkageError e) {
      // A LinkageError is a kind built against another version of the SPI or a missing library.
      problems.add(
          entry.location(), "kind '" + entry.kind() + "' cannot create " + entry.path() + ": " + e);
      return Optional.empty();
    }
    if (created == null) {
      problems.add(
          entry.location(),
          "kind '" + entry.kind() + "' returned null for " + entry.path() + " (a kind's bug)");
    }
    return Optional.ofNullable(created);
  }

  private <T> Optional<T> unknownKind(
      String what, ModuleDocument.Component entry, Set<String> known) {
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
    return Optional.empty();
  }
}
