package org.statefun.loader.yaml;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing wrong with a module, where it is and what was expected.
 *
 * @param location where the problem is
 * @param message what is wrong and what was expected, without the location
 */
public record Problem(Location location, String message) {

  public Problem {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(message, "message");
  }

  /** {@code file:line:column: message}, with the file relative to {@code base} where possible. */
  public String describe(Path base) {
    return location.describe(base) + ": " + message;
  }
}
