package org.statefun.core.dispatch;

import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;

/** A function object ready to invoke, with the class loader it runs under. */
record LiveFunction(FunctionType type, StatefulFunction function, ClassLoader classLoader) {}
