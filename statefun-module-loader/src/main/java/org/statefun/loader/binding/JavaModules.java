package org.statefun.loader.binding;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.statefun.core.classloading.ContextClassLoader;
import org.statefun.core.universe.UniverseBuilder;
import org.statefun.loader.yaml.Location;
import org.statefun.loader.yaml.Problems;
import org.statefun.sdk.spi.StatefulFunctionModule;

/**
 * Finds the {@link StatefulFunctionModule}s in a module's own jars with {@link ServiceLoader} and
 * runs their {@code configure} with the module's class loader as the thread context class loader.
 */
public final class JavaModules {

  private final UniverseBuilder registry;
  private final Problems problems;

  /**
   * @param registry where the Java modules bind, each under the {@link Origin} of its class
   * @param problems where failures to load or configure a Java module are reported
   */
  public JavaModules(UniverseBuilder registry, Problems problems) {
    this.registry = registry;
    this.problems = problems;
  }

  /**
   * Configures every Java module defined by {@code module}'s jars (not those its class loader
   * merely sees on the runtime's class path).
   *
   * @return the class names of the Java modules found
   */
  public List<String> bind(ModuleContext module, Map<String, String> globalConfiguration) {
    ClassLoader loader = module.classLoader();
    List<ServiceLoader.Provider<StatefulFunctionModule>> providers;
    try {
      providers =
          ServiceLoader.load(StatefulFunctionModule.class, loader).stream()
              .filter(p -> p.type().getClassLoader() == loader)
              .toList();
    } catch (ServiceConfigurationError e) {
      problems.add(Location.of(module.path()), "cannot load a Java module: " + e.getMessage());
      return List.of();
    }
    for (ServiceLoader.Provider<StatefulFunctionModule> provider : providers) {
      Class<?> type = provider.type();
      Origin origin = Origin.java(module.name(), jarOf(type, module.path()), type.getName());
      try {
        ContextClassLoader.with(
            loader,
            () -> {
              provider.get().configure(Map.copyOf(globalConfiguration), registry.binder(origin));
              return null;
            });
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        problems.add(
            origin.location(),
            "Java module " + type.getName() + " failed to configure: " + rootCause(e));
      }
    }
    return providers.stream().map(p -> p.type().getName()).toList();
  }

  private static Location jarOf(Class<?> type, Path fallback) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Location.of(fallback);
    }
    try {
      return Location.of(Path.of(source.getLocation().toURI()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Location.of(fallback);
    }
  }

  private static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause == e ? e.toString() : e + " (caused by " + cause + ")";
  }
}
