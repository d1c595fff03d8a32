package org.statefun.sdk;

import java.io.Serializable;

/**
 * Creates the function object for a function type. The runtime calls it once per type per parallel
 * worker (and once on the client to validate the function's persisted fields).
 *
 * <p>Providers travel to the workers with the job, hence {@link Serializable}: a lambda or method
 * reference is fine as long as what it captures is serializable. The function objects it creates
 * need not be.
 */
@FunctionalInterface
public interface StatefulFunctionProvider extends Serializable {

  /** Returns a new function object for {@code type}. */
  StatefulFunction functionOfType(FunctionType type);
}
