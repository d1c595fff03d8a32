package org.example;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.statefun.sdk.FunctionType;
import org.statefun.testkit.FunctionHarness;
import org.statefun.testkit.Invocation;

class GreeterFnTest {

  @Test
  void countsVisitsPerName() throws Exception {
    FunctionHarness greeter =
        FunctionHarness.of(new GreeterFn(), new FunctionType("demo", "greeter"));

    greeter.invoke("Alice", "Alice");
    greeter.invoke("Bob", "Bob");
    Invocation again = greeter.invoke("Alice", "Alice");

    assertThat(again.egress(GreeterFn.GREETINGS)).containsExactly("Hello Alice, this is visit #2");
    assertThat(again.sent()).isEmpty();
    assertThat(greeter.state("Alice").value("visits")).isEqualTo(2);
    assertThat(greeter.state("Bob").value("visits")).isEqualTo(1);
  }
}
