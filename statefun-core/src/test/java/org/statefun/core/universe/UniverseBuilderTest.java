package org.statefun.core.universe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.statefun.sdk.FailurePolicy;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunctionProvider;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.EgressSpec;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.io.IngressSpec;
import org.statefun.sdk.io.Router;
import org.statefun.sdk.spi.Binder;

class UniverseBuilderTest {

  private static final IngressIdentifier<String> NAMES =
      new IngressIdentifier<>(String.class, "demo", "names");
  private static final EgressIdentifier<String> OUT =
      new EgressIdentifier<>(String.class, "demo", "out");
  private static final FunctionType GREETER = new FunctionType("demo", "greeter");

  private static final StatefulFunctionProvider PROVIDER = type -> (context, message) -> {};

  private final UniverseBuilder builder = new UniverseBuilder();

  private static <T> IngressSpec<T> ingress(IngressIdentifier<T> id) {
    return () -> id;
  }

  private static <T> EgressSpec<T> egress(EgressIdentifier<T> id) {
    return () -> id;
  }

  private static <T> Router<T> router() {
    return (message, downstream) -> {};
  }

  /** Binds one valid application (ingress, router, function, egress) in module {@code m1}. */
  private Binder validModule() {
    Binder m1 = binder("m1");
    m1.bindIngress(ingress(NAMES));
    m1.bindIngressRouter(NAMES, router());
    m1.bindFunctionProvider(GREETER, PROVIDER);
    m1.bindEgress(egress(OUT));
    return m1;
  }

  private Binder binder(String module) {
    return builder.binder(BindingOrigin.module(module));
  }

  private List<String> problems() {
    return catchThrowableOfType(UniverseException.class, builder::build).problems().stream()
        .map(UniverseProblem::message)
        .toList();
  }

  @Test
  void duplicateIngressIsReportedAtTheSecondBindingNamingTheFirst() {
    validModule();
    binder("m2").bindIngress(ingress(NAMES));
    UniverseProblem problem =
        catchThrowableOfType(UniverseException.class, builder::build).problems().get(0);
    assertThat(problem)
        .isEqualTo(
            new UniverseProblem.DuplicateBinding(
                "ingress", "demo/names", BindingOrigin.module("m1"), BindingOrigin.module("m2")));
    assertThat(problem.origin()).contains(BindingOrigin.module("m2"));
    assertThat(problems())
        .containsExactly(
            "Ingress 'demo/names' is bound twice: first by module 'm1', again by module 'm2'");
    assertThat(builder.bindings().ingresses().get("demo/names").origin())
        .isEqualTo(BindingOrigin.module("m1"));
  }

  @Test
  void duplicateEgressNamesBothModules() {
    validModule();
    binder("m2").bindEgress(egress(new EgressIdentifier<>(Integer.class, "demo", "out")));
    assertThat(problems())
        .containsExactly(
            "Egress 'demo/out' is bound twice: first by module 'm1', again by module 'm2'");
  }

  @Test
  void duplicateFunctionTypeNamesBothModules() {
    validModule();
    binder("m2").bindFunctionProvider(new FunctionType("demo", "greeter"), PROVIDER);
    assertThat(problems())
        .containsExactly(
            "Function type 'demo/greeter' is bound twice: first by module 'm1', again by module 'm2'");
  }

  @Test
  void routerForAnUnknownIngressListsTheBoundIngresses() {
    validModule();
    binder("m1").bindIngress(ingress(new IngressIdentifier<>(Long.class, "demo", "ticks")));
    binder("m1").bindIngressRouter(new IngressIdentifier<>(Long.class, "demo", "ticks"), router());
    binder("m2").bindIngressRouter(new IngressIdentifier<>(String.class, "demo", "nmes"), router());
    assertThat(problems())
        .containsExactly(
            "Module 'm2' binds a router for ingress 'demo/nmes', but no ingress with that id is"
                + " bound. Bound ingresses: [demo/names, demo/ticks]");
  }

  @Test
  void routerWhoseTypeDiffersFromItsIngress() {
    validModule();
    binder("m2")
        .bindIngressRouter(new IngressIdentifier<>(Integer.class, "demo", "names"), router());
    assertThat(problems())
        .containsExactly(
            "Module 'm2' binds a router for ingress 'demo/names' of type java.lang.Integer, but"
                + " that ingress (bound by module 'm1') produces java.lang.String");
  }

  @Test
  void ingressWithoutRouter() {
    validModule();
    binder("m2").bindIngress(ingress(new IngressIdentifier<>(Long.class, "demo", "ticks")));
    assertThat(problems())
        .containsExactly(
            "Ingress 'demo/ticks' (bound by module 'm2') has no router: bind one with"
                + " bindIngressRouter so its records reach functions");
  }

  @Test
  void nothingBound() {
    builder.addModule("empty", (config, binder) -> {}, Map.of());
    UniverseException e = catchThrowableOfType(UniverseException.class, builder::build);
    String problem =
        "Nothing is bound: no module bound a function, ingress, router or egress"
            + " (check that modules are found: META-INF/services or module.yaml)";
    assertThat(e.problems()).extracting(UniverseProblem::message).containsExactly(problem);
    assertThat(e.problems().get(0).origin()).isEmpty();
    assertThat(e.getMessage())
        .isEqualTo("1 problem in the stateful functions modules:\n  - " + problem);
  }

  @Test
  void noFunctionBound() {
    Binder m1 = binder("m1");
    m1.bindIngress(ingress(NAMES));
    m1.bindIngressRouter(NAMES, router());
    assertThat(problems())
        .containsExactly(
            "No function type is bound: messages from ingresses would have nowhere to go");
  }

  @Test
  void aNamespaceBindingAloneIsAFunctionBinding() {
    Binder m1 = binder("m1");
    m1.bindIngress(ingress(NAMES));
    m1.bindIngressRouter(NAMES, router());
    m1.bindNamespaceProvider("remote", PROVIDER, FailurePolicy.fail());
    assertThat(builder.problems()).isEmpty();
    assertThat(builder.build().boundTypes().isBound(new FunctionType("remote", "any"))).isTrue();
  }

  @Test
  void noIngressBound() {
    binder("m1").bindFunctionProvider(GREETER, PROVIDER);
    assertThat(problems())
        .containsExactly("No ingress is bound: no message would ever enter the application");
  }

  @Test
  void reportsEveryProblemTogether() {
    validModule();
    Binder m2 = binder("m2");
    m2.bindFunctionProvider(GREETER, PROVIDER);
    m2.bindIngress(ingress(new IngressIdentifier<>(Long.class, "demo", "ticks")));
    m2.bindIngressRouter(new IngressIdentifier<>(String.class, "demo", "nope"), router());
    m2.bindEgress(egress(OUT));

    UniverseException e = catchThrowableOfType(UniverseException.class, builder::build);
    List<String> expected =
        List.of(
            "Function type 'demo/greeter' is bound twice: first by module 'm1', again by module 'm2'",
            "Egress 'demo/out' is bound twice: first by module 'm1', again by module 'm2'",
            "Module 'm2' binds a router for ingress 'demo/nope', but no ingress with that id is"
                + " bound. Bound ingresses: [demo/names, demo/ticks]",
            "Ingress 'demo/ticks' (bound by module 'm2') has no router: bind one with"
                + " bindIngressRouter so its records reach functions");
    assertThat(problems()).containsExactlyElementsOf(expected);
    assertThat(e.getMessage())
        .isEqualTo(
            "4 problems in the stateful functions modules:\n  - "
                + String.join("\n  - ", expected));
  }

  @Test
  void problemsListIsImmutable() {
    UniverseException e = catchThrowableOfType(UniverseException.class, builder::build);
    assertThatThrownBy(() -> e.problems().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aValidUniverseKeepsBindingOrder() {
    IngressIdentifier<String> b = new IngressIdentifier<>(String.class, "z", "b");
    IngressIdentifier<String> a = new IngressIdentifier<>(String.class, "z", "a");
    IngressIdentifier<String> c = new IngressIdentifier<>(String.class, "z", "c");
    FunctionType f2 = new FunctionType("z", "f2");
    FunctionType f1 = new FunctionType("z", "f1");
    FunctionType f3 = new FunctionType("z", "f3");
    EgressIdentifier<String> e2 = new EgressIdentifier<>(String.class, "z", "e2");
    EgressIdentifier<String> e1 = new EgressIdentifier<>(String.class, "z", "e1");
    Router<String> r1 = router();
    Router<String> r2 = router();
    Router<String> r3 = router();
    Router<String> r4 = router();
    StatefulFunctionProvider p1 = type -> null;
    StatefulFunctionProvider p2 = type -> null;
    StatefulFunctionProvider p3 = type -> null;
    AtomicReference<Map<String, String>> seenConfig = new AtomicReference<>();

    builder.addModule(
        "first",
        (config, binder) -> {
          seenConfig.set(config);
          binder.bindIngressRouter(a, r3); // a router may come before its ingress
          binder.bindIngress(ingress(b));
          binder.bindFunctionProvider(f2, p2);
          binder.bindEgress(egress(e2));
          binder.bindIngressRouter(b, r1);
        },
        Map.of("k", "v"));
    builder.addModule(
        "second",
        (config, binder) -> {
          binder.bindIngress(ingress(a));
          binder.bindIngress(ingress(c));
          binder.bindFunctionProvider(f1, p1);
          binder.bindFunctionProvider(f3, p3);
          binder.bindEgress(egress(e1));
          binder.bindIngressRouter(b, r2);
          binder.bindIngressRouter(c, r4);
        },
        Map.of("k", "v"));

    Universe universe = builder.build();

    assertThat(seenConfig.get()).containsExactly(Map.entry("k", "v"));
    assertThat(universe.ingresses())
        .extracting(i -> (Object) i.spec().id())
        .containsExactly(b, a, c);
    assertThat(routersOf(universe, 0)).containsExactly(r1, r2);
    assertThat(routersOf(universe, 1)).containsExactly(r3);
    assertThat(routersOf(universe, 2)).containsExactly(r4);
    assertThat(universe.egresses().stream().<Object>map(EgressSpec::id)).containsExactly(e2, e1);
    assertThat(universe.functionTypes()).containsExactly(f2, f1, f3);
    assertThat(universe.functions().values()).containsExactly(p2, p1, p3);
  }

  private static List<Object> routersOf(Universe universe, int ingress) {
    return List.copyOf(universe.ingresses().get(ingress).routers());
  }

  @Test
  void failurePoliciesOtherThanFailAreKeptPerFunctionType() {
    Binder m1 = validModule();
    FunctionType skipping = new FunctionType("demo", "skipping");
    EgressIdentifier<Object> dead = new EgressIdentifier<>(Object.class, "demo", "dead");
    FunctionType lettering = new FunctionType("demo", "lettering");
    m1.bindEgress(egress(dead));
    m1.bindFunctionProvider(skipping, PROVIDER, FailurePolicy.skip());
    m1.bindFunctionProvider(lettering, PROVIDER, FailurePolicy.deadLetter(dead));
    Universe universe = builder.build();
    assertThat(universe.failurePolicies())
        .isEqualTo(
            Map.of(skipping, FailurePolicy.skip(), lettering, FailurePolicy.deadLetter(dead)));
    assertThat(universe.failurePolicies()).doesNotContainKey(GREETER);
  }

  @Test
  void aDeadLetterEgressMustBeBound() {
    validModule();
    binder("m2")
        .bindFunctionProvider(
            new FunctionType("demo", "x"),
            PROVIDER,
            FailurePolicy.deadLetter(new EgressIdentifier<>(Object.class, "demo", "nowhere")));
    assertThat(problems())
        .containsExactly(
            "Function type 'demo/x' sends dead letters to egress 'demo/nowhere', but no egress with"
                + " that id is bound. Bound egresses: [demo/out]");
  }

  @Test
  void aDeadLetterEgressMustAcceptDeadLetters() {
    validModule();
    binder("m2")
        .bindFunctionProvider(
            new FunctionType("demo", "x"), PROVIDER, FailurePolicy.deadLetter(OUT));
    assertThat(problems())
        .containsExactly(
            "Function type 'demo/x' sends dead letters to egress 'demo/out', which accepts"
                + " java.lang.String, not org.statefun.sdk.DeadLetter");
  }

  @Test
  void referencesToAFailedBindingAreNoProblemOfTheirOwn() {
    validModule();
    builder.failedBinding("demo/broken");
    builder.failedBinding("demo/lost");
    binder("m2")
        .bindIngressRouter(new IngressIdentifier<>(String.class, "demo", "broken"), router());
    binder("m2")
        .bindFunctionProvider(
            new FunctionType("demo", "x"),
            PROVIDER,
            FailurePolicy.deadLetter(
                new EgressIdentifier<>(org.statefun.sdk.DeadLetter.class, "demo", "lost")));
    assertThat(builder.problems()).isEmpty();
    assertThat(builder.hasFailedBinding("demo/broken")).isTrue();
    assertThat(builder.hasFailedBinding("demo/names")).isFalse();
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Some bindings failed: the universe would be incomplete");
  }

  @Test
  void anIngressWhoseRouterFailedHasNoProblemOfItsOwn() {
    validModule();
    binder("m2").bindIngress(ingress(new IngressIdentifier<>(Long.class, "demo", "ticks")));
    builder.failedRouter("demo/ticks");
    assertThat(builder.problems()).isEmpty();
  }

  @Test
  void incompleteBindingsSkipTheChecksOfTheWholeUniverse() {
    builder.incomplete();
    assertThat(builder.problems()).isEmpty();
    binder("m1").bindIngress(ingress(NAMES));
    assertThat(builder.problems())
        .containsExactly(
            new UniverseProblem.IngressWithoutRouter("demo/names", BindingOrigin.module("m1")));
  }
}
