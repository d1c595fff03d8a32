package org.statefun.sdk;

/**
 * Creates the function object for a function type. The runtime calls it once per type per
 * parallel worker (and once on the client to validate the function's persisted fields).
 */
@FunctionalInterface
public interface StatefulFunctionProvider {

  /** Returns a new function object for {@code type}. */
  StatefulFunction functionOfType(FunctionType type);
}
