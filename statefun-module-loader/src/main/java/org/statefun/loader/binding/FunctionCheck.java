package org.statefun.loader.binding;

import java.util.Map;
import org.statefun.core.classloading.ContextClassLoader;
import org.statefun.core.state.PersistedFields;
import org.statefun.core.state.StateBindingException;
import org.statefun.core.universe.Bindings;
import org.statefun.loader.classes.InitializationFailures;
import org.statefun.loader.yaml.Problems;
import org.statefun.sdk.StatefulFunction;

/**
 * Creates one function of every bound type on the client, with its module's class loader, as every
 * worker will, and checks its persisted fields: a constructor, static initializer or provider that
 * fails, or a field that cannot hold state, becomes a problem at the binding that named it (the
 * module.yaml entry, or the jar of the Java module), reported with all others before any job
 * starts, instead of an exception out of the job's translation.
 */
public final class FunctionCheck {

  private final Bindings bindings;
  private final Problems problems;

  public FunctionCheck(Bindings bindings, Problems problems) {
    this.bindings = bindings;
    this.problems = problems;
  }

  /**
   * @param classLoaders the class loader of each module, by module name
   */
  public void createOneOfEach(Map<String, ClassLoader> classLoaders) {
    for (Bindings.Function function : bindings.functions().values()) {
      Origin origin = Origin.of(function.origin());
      ClassLoader loader = classLoaders.get(origin.module());
      String failure = failure(function, loader);
      if (failure != null) {
        problems.add(origin.location(), "function type '" + function.type() + "': " + failure);
      }
    }
  }

  /** Why no function of this type can be created, or null when one can. */
  private static String failure(Bindings.Function function, ClassLoader loader) {
    String implementation = BindingNames.implementation(function.provider());
    String provider = "the provider " + implementation;
    try {
      StatefulFunction created =
          ContextClassLoader.with(
              loader, () -> function.provider().functionOfType(function.type()));
      if (created == null) {
        return provider + " returned null instead of a function";
      }
      PersistedFields.of(function.type(), created);
      return null;
    } catch (StateBindingException e) {
      // "Function type a/b: field C#f …": the problem names the type already.
      String prefix = "Function type " + function.type() + ": ";
      String message = String.valueOf(e.getMessage());
      return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    } catch (FunctionCreationException e) {
      return e.detail();
    } catch (LinkageError e) {
      return provider
          + " failed to create a function: "
          + InitializationFailures.describe(implementation, e);
    } catch (RuntimeException e) {
      return provider + " failed to create a function: " + e;
    }
  }
}
