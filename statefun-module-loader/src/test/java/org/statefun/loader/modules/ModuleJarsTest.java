package org.statefun.loader.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.loader.ModuleLoadException;
import org.statefun.loader.ModuleLoader;
import org.statefun.loader.testing.TestJars;
import org.statefun.loader.yaml.Problems;

/** Module jars: class loader isolation, the shared class path check, failing Java modules. */
class ModuleJarsTest {

  private static String version(String pkg, String value) {
    return "package "
        + pkg
        + "; public class Version { public static String value() { return \""
        + value
        + "\"; } }";
  }

  @Test
  void eachModuleLoadsItsOwnClassesFirstButRuntimeClassesFromTheRuntime(@TempDir Path dir)
      throws Exception {
    Path a =
        TestJars.build(dir.resolve("a.jar"), Map.of("lib.Version", version("lib", "a")), Map.of());
    Path b =
        TestJars.build(dir.resolve("b.jar"), Map.of("lib.Version", version("lib", "b")), Map.of());
    ClassLoader runtime = getClass().getClassLoader();
    try (ModuleClassLoader first = new ModuleClassLoader("a", List.of(a), runtime);
        ModuleClassLoader second = new ModuleClassLoader("b", List.of(b), runtime)) {
      assertThat(first.loadClass("lib.Version").getMethod("value").invoke(null)).isEqualTo("a");
      assertThat(second.loadClass("lib.Version").getMethod("value").invoke(null)).isEqualTo("b");
      assertThat(first.loadClass("org.statefun.sdk.StatefulFunction"))
          .isSameAs(org.statefun.sdk.StatefulFunction.class);
      assertThat(first.moduleName()).isEqualTo("a");
    }
  }

  @Test
  void modulesMustAgreeOnSharedClassesAndMustNotBundleTheRuntime(@TempDir Path dir)
      throws Exception {
    Path one = dir.resolve("one");
    Path two = dir.resolve("two");
    Path three = dir.resolve("three");
    TestJars.build(one.resolve("one.jar"), Map.of("lib.Version", version("lib", "1")), Map.of());
    TestJars.build(
        two.resolve("lib/two.jar"), Map.of("lib.Version", version("lib", "2")), Map.of());
    TestJars.build(
        three.resolve("three.jar"),
        Map.of(
            "lib.Version",
            version("lib", "1"),
            "org.statefun.core.Sneaky",
            "package org.statefun.core; public class Sneaky {}"),
        Map.of());
    Problems problems = new Problems();
    SharedClassPathCheck.check(ModulesDirectory.scan(dir, problems), problems);
    assertThat(problems.sorted().stream().map(p -> p.describe(dir)))
        .containsExactly(
            "three/three.jar: the jar bundles runtime classes (for example org/statefun/core/Sneaky.class); build it against statefun-core and Flink with <scope>provided</scope>",
            "two/lib/two.jar: class lib.Version differs from the one in module 'one' (one.jar); all module jars share one class loader on the TaskManagers, so use the same version of that library in both modules, or shade it in one");
  }

  @Test
  void aJarThatBundlesTheSdkIsRejected(@TempDir Path dir) throws Exception {
    // statefun-sdk is its own artifact now: a module that forgets <scope>provided</scope> on it
    // ships SDK classes.
    TestJars.build(
        dir.resolve("shaded/shaded.jar"),
        Map.of("org.statefun.sdk.Bundled", "package org.statefun.sdk; public class Bundled {}"),
        Map.of());
    Problems problems = new Problems();
    SharedClassPathCheck.check(ModulesDirectory.scan(dir, problems), problems);
    assertThat(problems.sorted().stream().map(p -> p.describe(dir)))
        .containsExactly(
            "shaded/shaded.jar: the jar bundles runtime classes (for example org/statefun/sdk/Bundled.class); build it against statefun-core and Flink with <scope>provided</scope>");
  }

  @Test
  void reportsEmptyModuleDirectoriesAndAMissingModulesDirectory(@TempDir Path dir)
      throws Exception {
    Files.createDirectories(dir.resolve("empty"));
    Files.createDirectories(dir.resolve(".hidden"));
    Files.writeString(dir.resolve("README.txt"), "not a module");
    Problems problems = new Problems();
    assertThat(ModulesDirectory.scan(dir, problems)).isEmpty();
    ModulesDirectory.scan(dir.resolve("nope"), problems);
    assertThat(problems.sorted().stream().map(p -> p.describe(dir)))
        .containsExactly(
            "empty: the module directory has neither module.yaml nor *.jar files; remove it or add them",
            "nope: the modules directory does not exist; pass --modules DIR, or create it with one subdirectory per module");
  }

  @Test
  void aJavaModuleThatFailsIsReportedAtItsJar(@TempDir Path dir) throws Exception {
    TestJars.build(
        dir.resolve("broken/broken.jar"),
        Map.of(
            "broken.BrokenModule",
            """
            package broken;
            public class BrokenModule implements org.statefun.sdk.spi.StatefulFunctionModule {
              public void configure(java.util.Map<String, String> config, org.statefun.sdk.spi.Binder binder) {
                throw new IllegalStateException("missing setting " + config.get("wanted"));
              }
            }
            """),
        Map.of(
            "META-INF/services/org.statefun.sdk.spi.StatefulFunctionModule",
            "broken.BrokenModule\n"));
    assertThat(loadProblems(dir, Map.of("wanted", "x")))
        .containsExactly(
            "broken/broken.jar: Java module broken.BrokenModule failed to configure: java.lang.IllegalStateException: missing setting x");
  }

  @Test
  void aJavaModuleFunctionThatCannotBeCreatedIsReportedAtItsJar(@TempDir Path dir)
      throws Exception {
    TestJars.build(
        dir.resolve("shop/shop.jar"),
        Map.of(
            "shop.ShopModule",
            """
            package shop;
            import org.statefun.sdk.FunctionType;
            public class ShopModule implements org.statefun.sdk.spi.StatefulFunctionModule {
              public void configure(java.util.Map<String, String> config, org.statefun.sdk.spi.Binder binder) {
                binder.bindFunctionProvider(new FunctionType("shop", "cart"), type -> {
                  throw new IllegalStateException("no stock service at " + config.get("stock"));
                });
              }
            }
            """),
        Map.of(
            "META-INF/services/org.statefun.sdk.spi.StatefulFunctionModule", "shop.ShopModule\n"));
    assertThat(loadProblems(dir, Map.of("stock", "x:1")))
        .containsExactly(
            "shop/shop.jar: function type 'shop/cart': the provider lambda in shop.ShopModule failed to create a function: java.lang.IllegalStateException: no stock service at x:1");
  }

  @Test
  void aDeadLetterEgressMustAcceptDeadLetters(@TempDir Path dir) throws Exception {
    TestJars.build(
        dir.resolve("shop/shop.jar"),
        Map.of(
            "shop.ShopModule",
            """
            package shop;
            import org.statefun.sdk.io.EgressIdentifier;
            public class ShopModule implements org.statefun.sdk.spi.StatefulFunctionModule {
              public void configure(java.util.Map<String, String> config, org.statefun.sdk.spi.Binder binder) {
                binder.bindEgress(new org.statefun.core.io.SinkEgressSpec<>(
                    new EgressIdentifier<>(String.class, "shop", "receipts"),
                    org.statefun.loader.io.BuiltinSinks.stdout("")));
              }
            }
            """),
        Map.of(
            "META-INF/services/org.statefun.sdk.spi.StatefulFunctionModule", "shop.ShopModule\n"));
    Files.writeString(
        dir.resolve("shop/module.yaml"),
        """
        version: 1
        functions:
          - type: shop/cart
            class: org.statefun.loader.fixtures.EchoFunction
            on-error: dead-letter
            dead-letter-egress: shop/receipts
        """);
    assertThat(loadProblems(dir, Map.of()))
        .containsExactly(
            "shop/module.yaml:6:25: 'functions[0].dead-letter-egress' names egress 'shop/receipts', which accepts java.lang.String; dead letters need an egress that accepts org.statefun.sdk.DeadLetter (print and file egresses accept any message)");
  }

  @Test
  void theRegistryReportsEveryBindingProblemAtItsOrigin(@TempDir Path dir) throws Exception {
    // One check of all bindings, Java and module.yaml alike: each problem names the jar and class,
    // or the module.yaml line, it is about.
    TestJars.build(
        dir.resolve("shop/shop.jar"),
        Map.of(
            "shop.ShopModule",
            """
            package shop;
            import org.statefun.sdk.io.IngressIdentifier;
            public class ShopModule implements org.statefun.sdk.spi.StatefulFunctionModule {
              public void configure(java.util.Map<String, String> config, org.statefun.sdk.spi.Binder binder) {
                binder.bindIngress(new org.statefun.core.io.SourceIngressSpec<>(
                    new IngressIdentifier<>(Long.class, "shop", "orders"),
                    org.statefun.loader.io.BuiltinSources.sequence(1, 2, java.util.OptionalDouble.empty())));
                binder.bindIngressRouter(
                    new IngressIdentifier<>(Long.class, "shop", "refunds"), (record, downstream) -> {});
              }
            }
            """),
        Map.of(
            "META-INF/services/org.statefun.sdk.spi.StatefulFunctionModule", "shop.ShopModule\n"));
    Files.writeString(
        dir.resolve("shop/module.yaml"),
        """
        version: 1
        functions:
          - type: shop/cart
            class: org.statefun.loader.fixtures.EchoFunction
        ingresses:
          - id: shop/orders
            kind: sequence
            spec: {from: 1, to: 2}
        routers:
          - ingress: shop/order
            target: shop/cart
        """);
    assertThat(loadProblems(dir, Map.of()))
        .containsExactly(
            "shop/module.yaml:6:5: ingress 'shop/orders' has no router; add a routers: entry with 'ingress: shop/orders' so its records reach functions",
            "shop/module.yaml:10:14: 'routers[0].ingress' names ingress 'shop/order', which no module binds; did you mean 'shop/orders'? Bound ingresses: shop/orders",
            "shop/shop.jar: ingress 'shop/orders' is already bound by ingresses[0] of module 'shop' (shop/module.yaml:6:5); ids and function types must be unique across all modules",
            "shop/shop.jar: Java module shop.ShopModule: Module 'shop' binds a router for ingress 'shop/refunds', but no ingress with that id is bound. Bound ingresses: [shop/orders]");
  }

  @Test
  void aKindThatThrowsOrReturnsNullIsReportedAtTheEntry(@TempDir Path dir) throws Exception {
    String kind =
        """
        package faulty;
        public class %s implements org.statefun.loader.spi.IngressKind {
          public String kind() { return "%s"; }
          public java.util.List<String> specKeys() { return java.util.List.of(); }
          public org.statefun.loader.spi.IngressComponent<?> create(
              org.statefun.loader.spi.ComponentId id, org.statefun.loader.spi.SpecReader spec) {
            %s
          }
        }
        """;
    TestJars.build(
        dir.resolve("faulty/faulty.jar"),
        Map.of(
            "faulty.Throwing",
            kind.formatted(
                "Throwing", "throwing", "throw new IllegalStateException(\"no broker\");"),
            "faulty.Nothing",
            kind.formatted("Nothing", "nothing", "return null;")),
        Map.of(
            "META-INF/services/org.statefun.loader.spi.IngressKind",
            "faulty.Throwing\nfaulty.Nothing\n"));
    Files.writeString(
        dir.resolve("faulty/module.yaml"),
        """
        version: 1
        ingresses:
          - { id: f/a, kind: throwing, spec: {} }
          - { id: f/b, kind: nothing, spec: {} }
        """);
    assertThat(loadProblems(dir, Map.of()))
        .containsExactly(
            "faulty/module.yaml:3:5: kind 'throwing' cannot create ingresses[0]: java.lang.IllegalStateException: no broker",
            "faulty/module.yaml:4:5: kind 'nothing' returned null for ingresses[1] (a kind's bug)");
  }

  @Test
  void aModuleKindMayNotReuseTheNameOfAnotherKind(@TempDir Path dir) throws Exception {
    TestJars.build(
        dir.resolve("clash/clash.jar"),
        Map.of(
            "clash.OtherFileKind",
            """
            package clash;
            public class OtherFileKind implements org.statefun.loader.spi.IngressKind {
              public String kind() { return "file"; }
              public java.util.List<String> specKeys() { return java.util.List.of(); }
              public org.statefun.loader.spi.IngressComponent<?> create(
                  org.statefun.loader.spi.ComponentId id, org.statefun.loader.spi.SpecReader spec) {
                throw new UnsupportedOperationException();
              }
            }
            """),
        Map.of("META-INF/services/org.statefun.loader.spi.IngressKind", "clash.OtherFileKind\n"));
    assertThat(loadProblems(dir, Map.of()))
        .containsExactly(
            "clash: IngressKind 'file' is registered twice: by org.statefun.loader.kinds.FileIngressKind and by clash.OtherFileKind");
  }

  /** The problems, as printed, of loading {@code dir}, which must fail. */
  private List<String> loadProblems(Path dir, Map<String, String> globalConfiguration) {
    try {
      new ModuleLoader(getClass().getClassLoader(), Map.of()).load(dir, globalConfiguration);
    } catch (ModuleLoadException e) {
      return e.problems().stream().map(p -> p.describe(dir)).toList();
    }
    throw new AssertionError("loading " + dir + " succeeded; expected problems");
  }
}
