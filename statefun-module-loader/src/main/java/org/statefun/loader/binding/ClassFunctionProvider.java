package org.statefun.loader.binding;

import java.lang.reflect.InvocationTargetException;
import java.util.Objects;
import org.statefun.loader.classes.InitializationFailures;
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

  /**
   * @throws FunctionCreationException when the constructor or the static initializer throws
   */
  @Override
  public StatefulFunction functionOfType(FunctionType type) {
    try {
      return functionClass.getDeclaredConstructor().newInstance();
    } catch (InvocationTargetException e) {
      throw new FunctionCreationException(
          type.toString(), Instances.constructorFailed(functionClass, e.getCause()), e.getCause());
    } catch (LinkageError e) {
      throw new FunctionCreationException(
          type.toString(), InitializationFailures.describe(functionClass.getName(), e), e);
    } catch (ReflectiveOperationException e) {
      throw new FunctionCreationException(
          type.toString(), "cannot create class '" + functionClass.getName() + "': " + e, e);
    }
  }
}
