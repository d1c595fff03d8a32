package org.statefun.loader.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.loader.LoadedModules;
import org.statefun.loader.ModuleLoadException;
import org.statefun.loader.ModuleLoader;
import org.statefun.loader.testing.TestJars;

/**
 * Hints of the loader for common mistakes (issue 13): Java modules that no services file registers,
 * router errors caused by failed loading, near-miss class names, a module directory passed as the
 * modules directory.
 */
class LoaderHintsTest {

  private static final String SERVICES =
      "META-INF/services/org.statefun.sdk.spi.StatefulFunctionModule";

  private static final String SHOP_MODULE =
      """
      package shop;
      import org.statefun.sdk.FunctionType;
      @SuppressWarnings("unused")
      public class ShopModule implements org.statefun.sdk.spi.StatefulFunctionModule {
        public void configure(java.util.Map<String, String> config, org.statefun.sdk.spi.Binder binder) {
          binder.bindFunctionProvider(
              new FunctionType("shop", "cart"), t -> new org.statefun.loader.fixtures.EchoFunction());
        }
      }
      """;

  /** A module.yaml with an ingress routed to shop/cart (bound by the Java module, if loaded). */
  private static final String ROUTED_TO_CART =
      """
      version: 1
      ingresses:
        - id: shop/orders
          kind: sequence
          spec: {from: 1, to: 2}
      routers:
        - ingress: shop/orders
          target: shop/cart
      """;

  @Test
  void aJavaModuleWithoutServicesFileIsAWarningAndExplainsTheUnboundFunctionType(@TempDir Path dir)
      throws Exception {
    // @AutoService without the annotation processor: the class is there, the services file not.
    TestJars.build(dir.resolve("shop/shop.jar"), Map.of("shop.ShopModule", SHOP_MODULE), Map.of());
    Files.writeString(dir.resolve("shop/module.yaml"), ROUTED_TO_CART);
    assertThat(loadProblems(dir))
        .containsExactly(
            "shop/module.yaml:8:13: 'routers[0].target' names function type 'shop/cart', which no module binds; no function type is bound; note: Java module class shop.ShopModule in shop/shop.jar is not registered in META-INF/services, so it was never loaded (see the warning)");
  }

  @Test
  void theWarningIsInTheMessageOfTheFailedLoadToo(@TempDir Path dir) throws Exception {
    TestJars.build(dir.resolve("shop/shop.jar"), Map.of("shop.ShopModule", SHOP_MODULE), Map.of());
    Files.writeString(dir.resolve("shop/module.yaml"), ROUTED_TO_CART);
    assertThatThrownBy(
            () -> new ModuleLoader(getClass().getClassLoader(), Map.of()).load(dir, Map.of()))
        .hasMessageEndingWith(
            "\n  warning: shop/shop.jar: class shop.ShopModule implements"
                + " org.statefun.sdk.spi.StatefulFunctionModule, but no"
                + " META-INF/services/org.statefun.sdk.spi.StatefulFunctionModule file lists it, so"
                + " it is never loaded; register it, e.g. with"
                + " @AutoService(StatefulFunctionModule.class) AND the AutoService annotation"
                + " processor configured in the build (the annotation alone generates no services"
                + " file), or write that file with the class name in it");
  }

  @Test
  void anUnregisteredJavaModuleAloneExplainsThatNothingIsBound(@TempDir Path dir) throws Exception {
    TestJars.build(dir.resolve("shop/shop.jar"), Map.of("shop.ShopModule", SHOP_MODULE), Map.of());
    assertThat(loadProblems(dir))
        .containsExactly(
            ": Nothing is bound: no module bound a function, ingress, router or egress (check that modules are found: META-INF/services or module.yaml); note: Java module class shop.ShopModule in shop/shop.jar is not registered in META-INF/services, so it was never loaded (see the warning)");
  }

  @Test
  void anUnregisteredJavaModuleNextToWorkingOnesIsPrintedAsAWarning(@TempDir Path dir)
      throws Exception {
    // Anonymous classes and interfaces are no Java modules ServiceLoader could create: no warning.
    String forgotten =
        """
        package shop;
        public class Forgotten extends Base {
          static final Object ANONYMOUS = new Base() {};
        }
        """;
    String base =
        """
        package shop;
        public abstract class Base implements org.statefun.sdk.spi.StatefulFunctionModule {
          public void configure(java.util.Map<String, String> config, org.statefun.sdk.spi.Binder binder) {}
        }
        """;
    TestJars.build(
        dir.resolve("shop/shop.jar"),
        Map.of("shop.ShopModule", SHOP_MODULE, "shop.Forgotten", forgotten, "shop.Base", base),
        Map.of(SERVICES, "shop.ShopModule\n"));
    Files.writeString(dir.resolve("shop/module.yaml"), ROUTED_TO_CART);
    // lib/ holds dependencies: their classes are not scanned for Java modules.
    TestJars.build(
        dir.resolve("shop/lib/dependency.jar"),
        Map.of(
            "dep.LibraryModule",
            SHOP_MODULE
                .replace("package shop;", "package dep;")
                .replace("class ShopModule", "class LibraryModule")),
        Map.of());
    String warning =
        "warning: shop/shop.jar: class shop.Forgotten implements"
            + " org.statefun.sdk.spi.StatefulFunctionModule, but no"
            + " META-INF/services/org.statefun.sdk.spi.StatefulFunctionModule file lists it, so it"
            + " is never loaded; register it, e.g. with @AutoService(StatefulFunctionModule.class)"
            + " AND the AutoService annotation processor configured in the build (the annotation"
            + " alone generates no services file), or write that file with the class name in it";
    try (LoadedModules loaded =
        new ModuleLoader(getClass().getClassLoader(), Map.of()).load(dir, Map.of())) {
      assertThat(loaded.warnings()).containsExactly(warning);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      printSummary(loaded, new PrintStream(out, true, StandardCharsets.UTF_8));
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("statefun: " + warning + "\n");
    }
  }

  @Test
  void aRouterTargetUnboundBecauseAJavaModuleFailedPointsAtTheFailure(@TempDir Path dir)
      throws Exception {
    TestJars.build(
        dir.resolve("shop/shop.jar"),
        Map.of(
            "shop.ShopModule",
            """
            package shop;
            public class ShopModule implements org.statefun.sdk.spi.StatefulFunctionModule {
              public void configure(java.util.Map<String, String> config, org.statefun.sdk.spi.Binder binder) {
                throw new NoClassDefFoundError("shop/CartFunction");
              }
            }
            """),
        Map.of(SERVICES, "shop.ShopModule\n"));
    Files.writeString(dir.resolve("shop/module.yaml"), ROUTED_TO_CART);
    assertThat(loadProblems(dir))
        .containsExactly(
            "shop/module.yaml:8:13: 'routers[0].target' names function type 'shop/cart', which no module binds; no function type is bound, as loading the Java modules of module 'shop' failed (see that problem); fix it first",
            "shop/shop.jar: Java module shop.ShopModule failed to configure: java.lang.NoClassDefFoundError: shop/CartFunction");
  }

  @Test
  void aRouterTargetUnboundBecauseAJavaModuleClassIsMissingPointsAtTheFailure(@TempDir Path dir)
      throws Exception {
    TestJars.build(
        dir.resolve("shop/shop.jar"),
        Map.of("shop.Other", "package shop; public class Other {}"),
        Map.of(SERVICES, "shop.ShopModule\n"));
    Files.writeString(dir.resolve("shop/module.yaml"), ROUTED_TO_CART);
    assertThat(loadProblems(dir))
        .containsExactly(
            "shop: cannot load a Java module: org.statefun.sdk.spi.StatefulFunctionModule: Provider shop.ShopModule not found",
            "shop/module.yaml:8:13: 'routers[0].target' names function type 'shop/cart', which no module binds; no function type is bound, as loading the Java modules of module 'shop' failed (see that problem); fix it first");
  }

  @Test
  void aRouterTargetUnboundBecauseFunctionClassesFailedPointsAtTheFailure(@TempDir Path dir)
      throws Exception {
    Files.createDirectories(dir.resolve("shop"));
    Files.writeString(
        dir.resolve("shop/module.yaml"),
        """
        version: 1
        functions:
          - type: shop/carts
            class: shop.Missing
        ingresses:
          - id: shop/orders
            kind: sequence
            spec: {from: 1, to: 2}
        routers:
          - ingress: shop/orders
            target: shop/cart
        """);
    assertThat(loadProblems(dir))
        .containsExactly(
            "shop/module.yaml:4:12: class 'shop.Missing' is not found in module 'shop' (its jars and the runtime)",
            "shop/module.yaml:11:13: 'routers[0].target' names function type 'shop/cart', which no module binds; no function type is bound, as binding the function classes failed (see the other problems); fix them first");
  }

  @Test
  void aMissingFunctionClassSuggestsANearMissFromTheModuleJars(@TempDir Path dir) throws Exception {
    TestJars.build(
        dir.resolve("shop/shop.jar"),
        Map.of(
            "shop.CartFunction",
            """
            package shop;
            public class CartFunction implements org.statefun.sdk.StatefulFunction {
              public void invoke(org.statefun.sdk.Context context, Object message) {}
            }
            """,
            "other.CartFunctions",
            "package other; public class CartFunctions {}"),
        Map.of());
    Files.writeString(
        dir.resolve("shop/module.yaml"),
        """
        version: 1
        functions:
          - type: shop/cart
            class: shop.CartFuncton
          - type: shop/carts
            class: shopp.CartFunction
          - type: shop/other
            class: shop.Unrelated
        """);
    assertThat(loadProblems(dir))
        .containsExactly(
            "shop/module.yaml:4:12: class 'shop.CartFuncton' is not found in module 'shop' (its jars and the runtime); did you mean 'shop.CartFunction'?",
            "shop/module.yaml:6:12: class 'shopp.CartFunction' is not found in module 'shop' (its jars and the runtime); did you mean 'shop.CartFunction'?",
            "shop/module.yaml:8:12: class 'shop.Unrelated' is not found in module 'shop' (its jars and the runtime)");
  }

  @Test
  void aModuleDirectoryPassedAsTheModulesDirectorySuggestsItsParent(@TempDir Path dir)
      throws Exception {
    Path module = Files.createDirectories(dir.resolve("shop"));
    Files.writeString(module.resolve("module.yaml"), ROUTED_TO_CART);
    Files.createDirectories(module.resolve("lib"));
    String parent = dir.toAbsolutePath().normalize().toString();
    assertThat(loadProblems(module))
        .containsExactly(
            ": this looks like a module directory (it holds module.yaml), not a modules directory, which holds one subdirectory per module; pass its parent: --modules "
                + parent);

    Path jarsOnly = Files.createDirectories(dir.resolve("jars"));
    TestJars.build(jarsOnly.resolve("shop.jar"), Map.of("shop.ShopModule", SHOP_MODULE), Map.of());
    assertThat(loadProblems(jarsOnly))
        .containsExactly(
            ": this looks like a module directory (it holds *.jar files), not a modules directory, which holds one subdirectory per module; pass its parent: --modules "
                + parent);
  }

  private static void printSummary(LoadedModules loaded, PrintStream out) throws Exception {
    var print =
        Class.forName("org.statefun.loader.Summary")
            .getDeclaredMethod("print", LoadedModules.class, PrintStream.class);
    print.setAccessible(true);
    print.invoke(null, loaded, out);
  }

  private List<String> loadProblems(Path dir) {
    try {
      new ModuleLoader(getClass().getClassLoader(), Map.of()).load(dir, Map.of());
    } catch (ModuleLoadException e) {
      return e.problems().stream().map(p -> p.describe(dir)).toList();
    }
    throw new AssertionError("loading " + dir + " succeeded; expected problems");
  }
}
