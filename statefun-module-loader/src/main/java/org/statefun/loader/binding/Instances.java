package org.statefun.loader.binding;

import java.lang.reflect.InvocationTargetException;

/** Creates instances of checked classes through their public no-arg constructor. */
final class Instances {
  private Instances() {}

  /** The constructor of a named class failed; the message names the class and the cause. */
  static final class CreationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CreationException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static <T> T create(Class<T> type) {
    try {
      return type.getDeclaredConstructor().newInstance();
    } catch (InvocationTargetException e) {
      throw new CreationException(
          "the constructor of class '" + type.getName() + "' failed: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new CreationException("cannot create class '" + type.getName() + "': " + e, e);
    }
  }
}
