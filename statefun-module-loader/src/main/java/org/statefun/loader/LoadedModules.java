package org.statefun.loader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.statefun.core.universe.Bindings;
import org.statefun.core.universe.Universe;
import org.statefun.loader.binding.YamlComponents;
import org.statefun.loader.modules.ModuleClassLoader;
import org.statefun.loader.modules.ModuleDirectory;

/**
 * The modules of a modules directory, loaded and validated. Close it once the job is submitted (or
 * has ended) to release the modules' class loaders on the client.
 *
 * @param root the modules directory
 * @param modules the module directories, sorted by name, with their module names
 * @param bindings every binding and where it came from
 * @param components the kinds of the bound ingresses and egresses
 * @param universe the validated universe, ready to translate
 * @param warnings what loading noticed that does not stop the job (e.g. Java module classes that no
 *     services file registers), one line each
 */
public record LoadedModules(
    Path root,
    List<Module> modules,
    Bindings bindings,
    YamlComponents components,
    Universe universe,
    List<String> warnings)
    implements AutoCloseable {

  public LoadedModules {
    modules = List.copyOf(modules);
    warnings = List.copyOf(warnings);
  }

  /** Loaded modules without warnings. */
  public LoadedModules(
      Path root,
      List<Module> modules,
      Bindings bindings,
      YamlComponents components,
      Universe universe) {
    this(root, modules, bindings, components, universe, List.of());
  }

  /**
   * One loaded module.
   *
   * @param name its name
   * @param directory its directory
   * @param classLoader its class loader on the client
   * @param javaModules the class names of its Java modules
   */
  public record Module(
      String name,
      ModuleDirectory directory,
      ModuleClassLoader classLoader,
      List<String> javaModules) {

    /** Closes the module's class loader; its classes already loaded stay usable. */
    public void close() {
      try {
        classLoader.close();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot close the class loader of module " + name, e);
      }
    }
  }

  @Override
  public void close() {
    modules.forEach(Module::close);
  }

  /** Every jar of every module, in module order: the job's user jars on the cluster. */
  public List<Path> jars() {
    return modules.stream().flatMap(m -> m.directory().jars().stream()).toList();
  }
}
