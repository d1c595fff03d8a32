package org.statefun.core.classloading;

import java.util.function.Supplier;

/**
 * Runs user code (functions, routers, providers, modules) with its own class loader as the thread's
 * context class loader, restoring the previous one after: libraries that load classes through the
 * context class loader (ServiceLoader, Jackson, Kryo, JDBC drivers) then find the module's classes.
 * The switch is skipped when the loader is already the context class loader.
 */
public final class ContextClassLoader {
  private ContextClassLoader() {}

  /** Runs {@code action} under {@code loader} and returns its result. */
  public static <T> T with(ClassLoader loader, Supplier<T> action) {
    ClassLoader previous = enter(loader);
    try {
      return action.get();
    } finally {
      restore(previous);
    }
  }

  /**
   * Makes {@code loader} the current thread's context class loader and returns the previous one,
   * for {@link #restore} in a {@code finally} block. For paths that run for every message, where
   * {@link #with} would allocate a lambda per call.
   */
  public static ClassLoader enter(ClassLoader loader) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    if (previous != loader) {
      thread.setContextClassLoader(loader);
    }
    return previous;
  }

  /** Makes {@code previous}, as returned by {@link #enter}, the context class loader again. */
  public static void restore(ClassLoader previous) {
    Thread thread = Thread.currentThread();
    if (thread.getContextClassLoader() != previous) {
      thread.setContextClassLoader(previous);
    }
  }
}
