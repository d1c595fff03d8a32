package org.statefun.loader.binding;

import java.lang.reflect.InvocationTargetException;
import java.util.Objects;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.StatefulFunctionProvider;

/**
 * Creates functions of a {@code class:} from module.yaml with its public no-arg constructor. The
 * class travels with the job by name and resolves through the job's class loader on the workers.
 *
 * @param functionClass the function class
 */
public record ClassFunctionProvider(Class<? extends StatefulFunction> functionClass)
    implements StatefulFunctionProvider {

  private static final long serialVersionUID = 1L;

  public ClassFunctionProvider {
    Objects.requireNonNull(functionClass, "functionClass");
  }

  @Override
  public StatefulFunction functionOfType(FunctionType type) {
    try {
      return functionClass.getDeclaredConstructor().newInstance();
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "The constructor of " + functionClass.getName() + " (function type " + type + ") failed",
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "Cannot create " + functionClass.getName() + " (function type " + type + "): " + e, e);
    }
  }
}
