package org.statefun.loader.binding;

import org.statefun.sdk.StatefulFunctionProvider;
import org.statefun.sdk.io.Router;

/** How summaries and messages name what a binding runs: its class, or what its YAML entry says. */
public final class BindingNames {
  private BindingNames() {}

  /** The function class of a module.yaml {@code class:}, else the provider's class. */
  public static String implementation(StatefulFunctionProvider provider) {
    return provider instanceof ClassFunctionProvider byClass
        ? byClass.functionClass().getName()
        : describe(provider.getClass());
  }

  /** "demo/greeter by value" for a module.yaml target, else the router's class. */
  public static String router(Router<?> router) {
    return router instanceof YamlRouter<?> yaml
        ? yaml.target() + " by " + yaml.id()
        : describe(router.getClass());
  }

  /** The class name, or "lambda in X" for lambdas (whose class names are generated). */
  static String describe(Class<?> type) {
    String name = type.getName();
    int lambda = name.indexOf("$$Lambda");
    return lambda < 0 ? name : "lambda in " + name.substring(0, lambda);
  }
}
