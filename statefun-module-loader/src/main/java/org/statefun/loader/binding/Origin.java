package org.statefun.loader.binding;

import java.nio.file.Path;
import java.util.Objects;
import org.statefun.core.universe.BindingOrigin;
import org.statefun.loader.yaml.Location;

/**
 * Where a binding came from: a module.yaml entry, or a Java module in a jar. The loader binds
 * everything with one of these, so that each problem the registry finds is reported at the line (or
 * jar) to fix.
 *
 * @param module the module name
 * @param location the entry in module.yaml, or the jar of the Java module
 * @param javaModule the Java module's class name; null for module.yaml entries
 * @param path how a module.yaml entry is named in messages, e.g. {@code routers[0]}; null for Java
 *     modules
 * @param reference where a module.yaml entry names another binding (a router's {@code ingress}, a
 *     function's {@code dead-letter-egress}); the entry itself when it names none
 */
public record Origin(
    String module, Location location, String javaModule, String path, Location reference)
    implements BindingOrigin {

  public Origin {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(reference, "reference");
  }

  /** The module.yaml entry {@code path} at {@code location}. */
  public static Origin yaml(String module, String path, Location location) {
    return yaml(module, path, location, location);
  }

  /**
   * The module.yaml entry {@code path} at {@code location}, naming another binding at {@code
   * reference}.
   */
  public static Origin yaml(String module, String path, Location location, Location reference) {
    return new Origin(module, location, null, Objects.requireNonNull(path, "path"), reference);
  }

  /** The Java module class {@code javaModule} of {@code module}, found in {@code jar}. */
  public static Origin java(String module, Location jar, String javaModule) {
    return new Origin(module, jar, Objects.requireNonNull(javaModule, "javaModule"), null, jar);
  }

  /** The loader's origin of a binding; every binding the loader makes has one. */
  public static Origin of(BindingOrigin origin) {
    if (origin instanceof Origin loaded) {
      return loaded;
    }
    throw new IllegalArgumentException("Not bound by the module loader: " + origin.description());
  }

  public boolean isYaml() {
    return javaModule == null;
  }

  /** "module 'a' (a/module.yaml:3:5)" or "Java module x.M of module 'a' (a/a.jar)". */
  public String describe(Path base) {
    String where = " (" + location.describe(base) + ")";
    return isYaml()
        ? "module '" + module + "'" + where
        : "Java module " + javaModule + " of module '" + module + "'" + where;
  }

  /** As {@link #describe(Path)}, with the file relative to the working directory. */
  @Override
  public String description() {
    return describe(Path.of(""));
  }
}
