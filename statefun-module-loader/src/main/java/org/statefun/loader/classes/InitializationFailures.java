package org.statefun.loader.classes;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Describes a class whose static initializer failed, naming the class and the initializer's
 * exception. The JVM reports the exception only at the first attempt ({@link
 * ExceptionInInitializerError}); later uses of the class get a bare {@code NoClassDefFoundError:
 * Could not initialize class}, so the first description of each class is remembered.
 */
public final class InitializationFailures {
  private InitializationFailures() {}

  // By class name (the error does not tell the class loader); only classes whose initializer
  // failed.
  private static final Map<String, String> FIRST_FAILURES = new ConcurrentHashMap<>();

  /** Whether {@code error} (or one of its causes) says that a static initializer failed. */
  public static boolean isInitializationFailure(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ExceptionInInitializerError || isCouldNotInitialize(t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * "class 'x.Y' cannot be initialized: its static initializer threw java.lang.…: message", when
   * {@code error} is an initialization failure; otherwise "class 'x.Y' cannot be loaded: error".
   *
   * @param className the class that was being initialized or used
   */
  public static String describe(String className, LinkageError error) {
    if (error instanceof ExceptionInInitializerError init) {
      Throwable thrown = init.getException() != null ? init.getException() : init.getCause();
      String failing = initializerClass(thrown).orElse(className);
      String description =
          "class '" + failing + "' cannot be initialized: its static initializer threw " + thrown;
      FIRST_FAILURES.putIfAbsent(failing, description);
      return failing.equals(className)
          ? description
          : "class '" + className + "' cannot be initialized: " + description;
    }
    if (isCouldNotInitialize(error)) {
      String failing = error.getMessage().substring("Could not initialize class ".length()).strip();
      String first = FIRST_FAILURES.get(failing);
      if (first != null) {
        return failing.equals(className)
            ? first
            : "class '" + className + "' cannot be initialized: " + first;
      }
      return "class '"
          + failing
          + "' cannot be initialized: its static initializer failed earlier in this JVM"
          + (error.getCause() != null ? " (" + error.getCause() + ")" : "");
    }
    return "class '" + className + "' cannot be loaded: " + error;
  }

  private static boolean isCouldNotInitialize(Throwable t) {
    return t instanceof NoClassDefFoundError
        && t.getMessage() != null
        && t.getMessage().startsWith("Could not initialize class ");
  }

  /** The class whose {@code <clinit>} threw {@code thrown}: the first such frame of its trace. */
  private static Optional<String> initializerClass(Throwable thrown) {
    if (thrown == null) {
      return Optional.empty();
    }
    for (StackTraceElement frame : thrown.getStackTrace()) {
      if (frame.getMethodName().equals("<clinit>")) {
        return Optional.of(frame.getClassName());
      }
    }
    return Optional.empty();
  }
}
