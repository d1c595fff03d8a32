package org.statefun.core.translation;

import java.util.Map;
import org.statefun.core.state.PersistedFields;
import org.statefun.core.universe.Universe;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.StatefulFunctionProvider;

/** Fails on the client, before submission, for providers and persisted fields that cannot work. */
final class FunctionProviderChecks {
  private FunctionProviderChecks() {}

  /**
   * Checks that each provider of {@code universe} can be shipped and creates a function whose
   * persisted fields can be bound.
   *
   * @throws TranslationException at the first provider that cannot work
   */
  static void check(Universe universe) {
    for (Map.Entry<FunctionType, StatefulFunctionProvider> entry :
        universe.functions().entrySet()) {
      FunctionType type = entry.getKey();
      StatefulFunctionProvider provider = entry.getValue();
      Shippable.require(provider, "The provider of function type " + type);
      StatefulFunction function;
      try {
        function = provider.functionOfType(type);
      } catch (RuntimeException | LinkageError e) {
        throw new TranslationException(
            "Creating the function of type "
                + type
                + " failed (provider "
                + provider.getClass().getName()
                + "): "
                + rootCause(e),
            e);
      }
      if (function == null) {
        throw new TranslationException(
            "The provider "
                + provider.getClass().getName()
                + " of function type "
                + type
                + " returned null");
      }
      PersistedFields.of(type, function);
    }
  }

  /** The innermost cause, as "class: message": a constructor's own exception, not its wrappers. */
  private static String rootCause(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.toString();
  }
}
