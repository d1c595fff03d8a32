package org.statefun.core.dispatch;

import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;

/**
 * A function object ready to invoke, with the class loader it runs under and the metrics of its
 * type.
 */
record LiveFunction(
    FunctionType type,
    StatefulFunction function,
    ClassLoader classLoader,
    FunctionMetrics metrics) {

  LiveFunction(FunctionType type, StatefulFunction function, ClassLoader classLoader) {
    this(type, function, classLoader, FunctionMetrics.unreported());
  }
}
