package org.statefun.loader.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies module directories, so tests run them from outside the repository. */
public final class ModuleDirectories {
  private ModuleDirectories() {}

  /**
   * Copies the module directory {@code source} (files and subdirectories) to {@code
   * modulesDirectory/<source's name>}.
   *
   * @return the copy
   */
  public static Path copy(Path source, Path modulesDirectory) throws IOException {
    Path target = modulesDirectory.resolve(source.getFileName().toString());
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path copy = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy);
        }
      }
    }
    return target;
  }
}
