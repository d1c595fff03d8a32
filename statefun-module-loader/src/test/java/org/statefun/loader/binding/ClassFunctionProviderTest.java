package org.statefun.loader.binding;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.statefun.loader.fixtures.BrokenStaticInitFunction;
import org.statefun.loader.fixtures.ThrowingConstructorFunction;
import org.statefun.sdk.FunctionType;

/**
 * What a worker reports when a module.yaml {@code class:} cannot be instantiated there: one message
 * naming function type, class and cause, in a runtime exception the entrypoint recognizes.
 */
class ClassFunctionProviderTest {

  private static final FunctionType TYPE = new FunctionType("fixtures", "echo");

  @Test
  void aThrowingConstructorNamesTypeClassAndCause() {
    assertThatThrownBy(
            () -> new ClassFunctionProvider(ThrowingConstructorFunction.class).functionOfType(TYPE))
        .isInstanceOf(FunctionCreationException.class)
        .hasMessage(
            "Function type fixtures/echo: the constructor of class"
                + " 'org.statefun.loader.fixtures.ThrowingConstructorFunction' failed:"
                + " java.lang.IllegalArgumentException: no endpoint configured");
  }

  @Test
  void aFailingStaticInitializerNamesTypeClassAndCauseEveryTime() {
    String expected =
        "Function type fixtures/echo: class 'org.statefun.loader.fixtures.BrokenStaticInitFunction' cannot be"
            + " initialized: its static initializer threw java.lang.NumberFormatException: For input string: \"lots\"";
    // The first attempt gets ExceptionInInitializerError, later ones "Could not initialize class".
    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(
              () -> new ClassFunctionProvider(BrokenStaticInitFunction.class).functionOfType(TYPE))
          .isInstanceOf(FunctionCreationException.class)
          .hasMessage(expected);
    }
  }
}
