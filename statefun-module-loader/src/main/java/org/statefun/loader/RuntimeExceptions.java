package org.statefun.loader;

import java.util.List;

/**
 * Which exceptions are the runtime's own. They carry complete messages (function type, address,
 * message type, cause), so a one-line summary of a failure starts from the first of them in the
 * cause chain.
 */
public final class RuntimeExceptions {
  private RuntimeExceptions() {}

  /** Packages of the runtime itself; user code (even under org.statefun.examples) is not here. */
  private static final List<String> RUNTIME_PACKAGES =
      List.of(
          "org.statefun.sdk.",
          "org.statefun.core.",
          "org.statefun.remote.",
          "org.statefun.loader.",
          "org.statefun.io.");

  /** Whether the exception class {@code className} belongs to the runtime. */
  public static boolean isRuntime(String className) {
    return RUNTIME_PACKAGES.stream().anyMatch(className::startsWith);
  }
}
