package org.statefun.loader.modules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.statefun.loader.yaml.Location;
import org.statefun.loader.yaml.Problems;

/**
 * Finds the modules of a modules directory: every immediate, non-hidden subdirectory is one module,
 * made of its optional {@code module.yaml} and its {@code *.jar} files (directly in it and in its
 * {@code lib/} subdirectory). Modules come sorted by directory name.
 */
public final class ModulesDirectory {
  private ModulesDirectory() {}

  public static final String MODULE_YAML = "module.yaml";

  /** The modules below {@code root}; problems when there is none or one is empty. */
  public static List<ModuleDirectory> scan(Path root, Problems problems) {
    if (!Files.isDirectory(root)) {
      problems.add(
          Location.of(root),
          (Files.exists(root)
                  ? "the modules directory is not a directory"
                  : "the modules directory does not exist")
              + "; pass --modules DIR, or create it with one subdirectory per module");
      return List.of();
    }
    if (Files.isRegularFile(root.resolve(MODULE_YAML))) {
      problems.add(Location.of(root), looksLikeAModule(root, "it holds module.yaml"));
      return List.of();
    }
    List<ModuleDirectory> modules = new ArrayList<>();
    for (Path directory : list(root, problems)) {
      if (!Files.isDirectory(directory) || directory.getFileName().toString().startsWith(".")) {
        continue;
      }
      Path yaml = directory.resolve(MODULE_YAML);
      Optional<String> notAFile = SpecialFiles.notARegularFile(yaml);
      if (notAFile.isPresent()) {
        problems.add(
            Location.of(yaml),
            "module.yaml is "
                + notAFile.get()
                + "; it must be a regular file (or absent, for a module of jars only)");
        continue;
      }
      List<Path> jars = new ArrayList<>(jars(directory, problems));
      jars.addAll(jars(directory.resolve("lib"), problems));
      if (!Files.isRegularFile(yaml) && jars.isEmpty()) {
        problems.add(
            Location.of(directory),
            "the module directory has neither module.yaml nor *.jar files; remove it or add them");
        continue;
      }
      modules.add(
          new ModuleDirectory(
              directory.getFileName().toString(),
              directory,
              Files.isRegularFile(yaml) ? Optional.of(yaml) : Optional.empty(),
              jars));
    }
    if (modules.isEmpty() && problems.isEmpty() && !jars(root, problems).isEmpty()) {
      problems.add(Location.of(root), looksLikeAModule(root, "it holds *.jar files"));
    } else if (modules.isEmpty() && problems.isEmpty()) {
      problems.add(
          Location.of(root),
          "no modules found: add one subdirectory per module, holding module.yaml and/or jars");
    }
    return modules;
  }

  /** That {@code root} is a module directory, and that its parent is the modules directory. */
  private static String looksLikeAModule(Path root, String because) {
    Path parent = root.toAbsolutePath().normalize().getParent();
    return "this looks like a module directory ("
        + because
        + "), not a modules directory, which holds one subdirectory per module"
        + (parent == null ? "" : "; pass its parent: --modules " + parent);
  }

  private static List<Path> jars(Path directory, Problems problems) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    return list(directory, problems).stream()
        .filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jar"))
        .toList();
  }

  private static List<Path> list(Path directory, Problems problems) {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.sorted().toList();
    } catch (IOException e) {
      problems.add(Location.of(directory), "cannot list the directory: " + e);
      return List.of();
    }
  }
}
