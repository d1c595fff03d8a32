package org.statefun.loader.binding;

import java.nio.file.Path;
import java.util.Objects;
import org.statefun.loader.yaml.Location;

/**
 * Where a binding came from: a module.yaml entry, or a Java module in a jar.
 *
 * @param module the module name
 * @param location the entry in module.yaml, or the jar of the Java module
 * @param javaModule the Java module's class name; null for module.yaml entries
 */
public record Origin(String module, Location location, String javaModule) {

  public Origin {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(location, "location");
  }

  public static Origin yaml(String module, Location location) {
    return new Origin(module, location, null);
  }

  public static Origin java(String module, Location jar, String javaModule) {
    return new Origin(module, jar, javaModule);
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
}
