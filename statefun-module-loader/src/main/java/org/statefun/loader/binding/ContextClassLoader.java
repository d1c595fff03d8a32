package org.statefun.loader.binding;

import java.util.function.Supplier;

/** Runs code with a given thread context class loader, restoring the previous one after. */
final class ContextClassLoader {
  private ContextClassLoader() {}

  static <T> T with(ClassLoader loader, Supplier<T> action) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return action.get();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
