package org.statefun.loader.yaml;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A position in a file: 1-based line and column, or the file as a whole when {@code line} is 0.
 *
 * @param file the file
 * @param line the 1-based line, or 0 for the whole file
 * @param column the 1-based column, or 0 for the whole file
 */
public record Location(Path file, int line, int column) {

  public Location {
    Objects.requireNonNull(file, "file");
  }

  /** The file as a whole, without a line. */
  public static Location of(Path file) {
    return new Location(file, 0, 0);
  }

  /** {@code file:line:column}, with {@code file} relative to {@code base} when it lies below it. */
  public String describe(Path base) {
    Path absolute = file.toAbsolutePath().normalize();
    Path root = base.toAbsolutePath().normalize();
    String name =
        absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
    return line == 0 ? name : name + ":" + line + ":" + column;
  }

  @Override
  public String toString() {
    return line == 0 ? file.toString() : file + ":" + line + ":" + column;
  }
}
