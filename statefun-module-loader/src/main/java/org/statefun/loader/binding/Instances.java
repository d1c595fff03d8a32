package org.statefun.loader.binding;

import java.lang.reflect.InvocationTargetException;
import org.statefun.loader.classes.InitializationFailures;

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
      throw new CreationException(constructorFailed(type, e.getCause()), e.getCause());
    } catch (LinkageError e) {
      throw new CreationException(InitializationFailures.describe(type.getName(), e), e);
    } catch (ReflectiveOperationException e) {
      throw new CreationException("cannot create class '" + type.getName() + "': " + e, e);
    }
  }

  /** "the constructor of class 'x' failed: …", naming a failed static initializer it ran into. */
  static String constructorFailed(Class<?> type, Throwable thrown) {
    String cause =
        thrown instanceof LinkageError linkage
                && InitializationFailures.isInitializationFailure(linkage)
            ? InitializationFailures.describe(type.getName(), linkage)
            : String.valueOf(thrown);
    return "the constructor of class '" + type.getName() + "' failed: " + cause;
  }
}
