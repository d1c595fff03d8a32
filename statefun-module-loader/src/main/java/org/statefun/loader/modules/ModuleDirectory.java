package org.statefun.loader.modules;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One immediate subdirectory of the modules directory.
 *
 * @param name the directory name, the module's default name
 * @param directory the directory
 * @param yaml its {@code module.yaml}, if any
 * @param jars its {@code *.jar} files and those in {@code lib/}, sorted by path
 */
public record ModuleDirectory(String name, Path directory, Optional<Path> yaml, List<Path> jars) {

  public ModuleDirectory {
    jars = List.copyOf(jars);
  }

  /** "module.yaml, greeter.jar" — what the directory contributes, for summaries. */
  public String contents() {
    StringBuilder sb = new StringBuilder();
    yaml.ifPresent(y -> sb.append("module.yaml"));
    for (Path jar : jars) {
      sb.append(sb.isEmpty() ? "" : ", ").append(directory.relativize(jar));
    }
    return sb.toString();
  }
}
