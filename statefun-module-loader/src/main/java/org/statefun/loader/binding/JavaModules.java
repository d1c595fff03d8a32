package org.statefun.loader.binding;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.statefun.core.classloading.ContextClassLoader;
import org.statefun.core.universe.UniverseBuilder;
import org.statefun.loader.classes.JarClasses;
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
  private final List<Unregistered> unregistered = new ArrayList<>();
  private final Set<String> failed = new LinkedHashSet<>();

  /**
   * A class of a module's jars that implements {@link StatefulFunctionModule} but that no {@code
   * META-INF/services} file lists, so that {@link ServiceLoader} never finds it.
   *
   * @param module the module name
   * @param className the class
   * @param jar the jar holding it
   */
  public record Unregistered(String module, String className, Path jar) {

    /** The warning, with the jar named relative to {@code root}. */
    public String warning(Path root) {
      return "warning: "
          + Location.of(jar).describe(root)
          + ": class "
          + className
          + " implements "
          + StatefulFunctionModule.class.getName()
          + ", but no META-INF/services/"
          + StatefulFunctionModule.class.getName()
          + " file lists it, so it is never loaded; register it, e.g. with"
          + " @AutoService(StatefulFunctionModule.class) AND the AutoService annotation processor"
          + " configured in the build (the annotation alone generates no services file), or"
          + " write that file with the class name in it";
    }
  }

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
      failed.add(module.name());
      return List.of();
    }
    Set<String> registered = new LinkedHashSet<>();
    providers.forEach(p -> registered.add(p.type().getName()));
    // The module's own jars only: lib/ holds its dependencies, whose classes are not its Java
    // modules, and reading every class header of large libraries would slow every start.
    List<Path> ownJars =
        module.directory().jars().stream()
            .filter(j -> module.path().equals(j.getParent()))
            .toList();
    for (JarClasses.Header header :
        JarClasses.read(ownJars).implementing(StatefulFunctionModule.class.getName())) {
      if (!registered.contains(header.name())) {
        unregistered.add(new Unregistered(module.name(), header.name(), header.jar()));
      }
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
        failed.add(module.name());
        problems.add(
            origin.location(),
            "Java module " + type.getName() + " failed to configure: " + rootCause(e));
      }
    }
    return providers.stream().map(p -> p.type().getName()).toList();
  }

  /** The Java module classes of the modules bound so far that no services file registers. */
  public List<Unregistered> unregistered() {
    return List.copyOf(unregistered);
  }

  /** The names of the modules whose Java modules failed to load or to configure. */
  public Set<String> failedModules() {
    return Set.copyOf(failed);
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
