package org.statefun.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SDK is compiled without Flink, Jackson or the runtime: this module declares no dependency but
 * test-scoped JUnit and AssertJ. The test class path holds the compile class path plus those two,
 * so a class missing here is missing to the compiler of the SDK's main code too — which is what
 * keeps Flink types out of the public API.
 */
class NoRuntimeOnClassPathTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "org.apache.flink.api.common.JobID",
        "org.apache.flink.configuration.Configuration",
        "com.fasterxml.jackson.databind.ObjectMapper",
        "org.statefun.core.universe.Universe"
      })
  void flinkJacksonAndTheRuntimeAreNotOnTheClassPath(String className) {
    assertThatThrownBy(() -> Class.forName(className, false, classLoader()))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void theSdkItselfIsFound() throws ClassNotFoundException {
    // Guards the test above against passing for a class loader that finds nothing at all.
    assertThat(Class.forName("org.statefun.sdk.spi.StatefulFunctionModule", false, classLoader()))
        .isSameAs(org.statefun.sdk.spi.StatefulFunctionModule.class);
  }

  private static ClassLoader classLoader() {
    return NoRuntimeOnClassPathTest.class.getClassLoader();
  }
}
