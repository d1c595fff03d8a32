package org.statefun.loader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.statefun.core.universe.Universe;
import org.statefun.core.universe.UniverseBuilder;
import org.statefun.loader.binding.FunctionCheck;
import org.statefun.loader.binding.JavaModules;
import org.statefun.loader.binding.KindRegistry;
import org.statefun.loader.binding.ModuleContext;
import org.statefun.loader.binding.PendingRouter;
import org.statefun.loader.binding.RegistryProblems;
import org.statefun.loader.binding.RouterResolver;
import org.statefun.loader.binding.YamlBindings;
import org.statefun.loader.binding.YamlComponents;
import org.statefun.loader.modules.ModuleClassLoader;
import org.statefun.loader.modules.ModuleDirectory;
import org.statefun.loader.modules.ModulesDirectory;
import org.statefun.loader.modules.SharedClassPathCheck;
import org.statefun.loader.yaml.EnvSubstitution;
import org.statefun.loader.yaml.Location;
import org.statefun.loader.yaml.ModuleDocument;
import org.statefun.loader.yaml.ModuleDocumentParser;
import org.statefun.loader.yaml.Problems;
import org.statefun.loader.yaml.YamlReader;

/**
 * Loads a modules directory: one class loader per module, module.yaml parsed strictly, Java modules
 * found with {@code ServiceLoader}, all bindings checked across modules, and the result validated
 * as a {@link Universe}. Every problem is collected and reported at once.
 */
public final class ModuleLoader {

  private static final Logger LOG = LoggerFactory.getLogger(ModuleLoader.class);

  private final ClassLoader runtime;
  private final ModuleDocumentParser parser;

  /**
   * @param runtime the class loader of the runtime; parent of every module's class loader
   * @param environment the variables for {@code ${VAR}} substitution in module.yaml
   */
  public ModuleLoader(ClassLoader runtime, Map<String, String> environment) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.parser = new ModuleDocumentParser(new YamlReader(new EnvSubstitution(environment)));
  }

  /**
   * Loads every module below {@code root}.
   *
   * @param globalConfiguration given to every Java module's {@code configure}
   * @throws ModuleLoadException listing every problem, with locations relative to {@code root}
   */
  public LoadedModules load(Path root, Map<String, String> globalConfiguration) {
    Problems problems = new Problems();
    List<ModuleDirectory> directories = ModulesDirectory.scan(root, problems);
    SharedClassPathCheck.check(directories, problems);
    KindRegistry runtimeKinds = KindRegistry.load(runtime, Location.of(root), problems);
    UniverseBuilder registry = new UniverseBuilder();
    YamlComponents components = new YamlComponents();
    YamlBindings yaml = new YamlBindings(registry, components, problems);
    JavaModules java = new JavaModules(registry, problems);

    List<LoadedModules.Module> modules = new ArrayList<>();
    List<PendingRouter> routers = new ArrayList<>();
    Map<String, Location> names = new HashMap<>();
    for (ModuleDirectory directory : directories) {
      Optional<ModuleDocument> document = directory.yaml().flatMap(y -> parser.parse(y, problems));
      String name = document.flatMap(ModuleDocument::name).orElse(directory.name());
      Location where =
          directory.yaml().map(Location::of).orElse(Location.of(directory.directory()));
      Location nameAt = document.map(ModuleDocument::nameLocation).orElse(where);
      Location previous = names.putIfAbsent(name, nameAt);
      if (previous != null) {
        problems.add(
            nameAt, "module name '" + name + "' is already used by " + previous.describe(root));
      }
      ModuleClassLoader loader = new ModuleClassLoader(name, directory.jars(), runtime);
      ModuleContext module =
          new ModuleContext(
              name, directory, loader, runtimeKinds.withModule(loader, where, problems));
      document.ifPresent(d -> routers.addAll(yaml.bind(d, module)));
      modules.add(
          new LoadedModules.Module(
              name, directory, loader, java.bind(module, globalConfiguration)));
    }
    List<JavaModules.Unregistered> unregistered = java.unregistered();
    // INFO, not WARN: bin/statefun copies WARN to stderr, and the warning is printed already (in
    // the
    // start-up summary, or after the problems of a failed load).
    unregistered.forEach(u -> LOG.info(u.warning(root)));
    new RouterResolver(registry, components, problems, noFunctionTypes(java, problems, root))
        .resolve(routers);
    Map<String, ClassLoader> classLoaders = new HashMap<>();
    modules.forEach(m -> classLoaders.put(m.name(), m.classLoader()));
    new FunctionCheck(registry.bindings(), problems).createOneOfEach(classLoaders);
    if (!problems.isEmpty()) {
      // What failed may be what "nothing is bound" or "no ingress is bound" would miss.
      registry.incomplete();
    }
    new RegistryProblems(root, problems)
        .withMissingFunctionsNote(unregisteredNote(unregistered, root))
        .report(registry.problems());
    if (problems.isEmpty()) {
      return new LoadedModules(
          root,
          modules,
          registry.bindings(),
          components,
          registry.build(),
          unregistered.stream().map(u -> u.warning(root)).toList());
    }
    modules.forEach(LoadedModules.Module::close);
    throw new ModuleLoadException(
        problems.sorted(), root, unregistered.stream().map(u -> u.warning(root)).toList());
  }

  /**
   * What a router target naming an unbound function type says when no function type is bound: the
   * failures that may have kept them from being bound.
   */
  private static String noFunctionTypes(JavaModules java, Problems problems, Path root) {
    if (!java.failedModules().isEmpty()) {
      return "no function type is bound, as loading the Java modules of "
          + modulesNamed(java.failedModules())
          + " failed (see that problem); fix it first";
    }
    List<JavaModules.Unregistered> unregistered = java.unregistered();
    if (!unregistered.isEmpty()) {
      return "no function type is bound" + unregisteredNote(unregistered, root);
    }
    if (!problems.isEmpty()) {
      return "no function type is bound, as binding the function classes failed"
          + " (see the other problems); fix them first";
    }
    return "no module binds any function types";
  }

  /** "; Java module class X (in m/x.jar) is not registered …", or "" when all are. */
  private static String unregisteredNote(List<JavaModules.Unregistered> unregistered, Path root) {
    if (unregistered.isEmpty()) {
      return "";
    }
    JavaModules.Unregistered first = unregistered.get(0);
    return "; note: Java module class "
        + first.className()
        + " in "
        + Location.of(first.jar()).describe(root)
        + (unregistered.size() > 1 ? " (and " + (unregistered.size() - 1) + " more)" : "")
        + " is not registered in META-INF/services, so it was never loaded (see the warning)";
  }

  private static String modulesNamed(java.util.Set<String> names) {
    List<String> sorted = names.stream().sorted().map(n -> "module '" + n + "'").toList();
    return String.join(", ", sorted);
  }
}
