package org.statefun.loader.binding;

import java.nio.file.Path;
import org.statefun.loader.modules.ModuleDirectory;

/**
 * A module being loaded.
 *
 * @param name the module name ({@code module:} in module.yaml, else the directory name)
 * @param directory the module directory
 * @param classLoader the module's class loader
 * @param kinds the kinds its module.yaml may use
 */
public record ModuleContext(
    String name, ModuleDirectory directory, ClassLoader classLoader, KindRegistry kinds) {

  public Path path() {
    return directory.directory();
  }
}
