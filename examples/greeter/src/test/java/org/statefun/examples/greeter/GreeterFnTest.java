package org.statefun.examples.greeter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.statefun.sdk.FunctionType;
import org.statefun.testkit.FunctionHarness;
import org.statefun.testkit.Invocation;

/** GreeterFn alone, without Flink: the visit count per name and the greeting it sends. */
class GreeterFnTest {

  private final FunctionHarness greeter =
      FunctionHarness.of(new GreeterFn(), new FunctionType("demo", "greeter"));

  @Test
  void countsVisitsPerNameAndGreets() throws Exception {
    Invocation first = greeter.invoke("Alice", "Alice");
    greeter.invoke("Bob", "Bob");
    Invocation second = greeter.invoke("Alice", "Alice");

    assertThat(first.egress(GreeterFn.GREETINGS)).containsExactly("Hello Alice, this is visit #1");
    assertThat(second.egress(GreeterFn.GREETINGS)).containsExactly("Hello Alice, this is visit #2");
    assertThat(second.sent()).isEmpty();
    assertThat(greeter.state("Alice").value("visits")).isEqualTo(2);
    assertThat(greeter.state("Bob").value("visits")).isEqualTo(1);
    assertThat(greeter.state("Carol").value("visits")).isNull();
  }

  @Test
  void continuesFromTheStoredCount() throws Exception {
    greeter.state("Dave").setValue("visits", 41);
    assertThat(greeter.invoke("Dave", "Dave").egress(GreeterFn.GREETINGS))
        .containsExactly("Hello Dave, this is visit #42");
  }
}
