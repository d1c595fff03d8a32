package org.statefun.examples.greeterkafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.statefun.sdk.FunctionType;
import org.statefun.testkit.FunctionHarness;
import org.statefun.testkit.Invocation;

/**
 * GreeterFn alone, without Flink or Kafka: what it writes to the Kafka egress per name. {@link
 * GreeterKafkaIT} runs the module against a broker.
 */
class GreeterFnTest {

  @Test
  void greetsEachNameWithItsVisitCount() throws Exception {
    FunctionHarness greeter =
        FunctionHarness.of(new GreeterFn(), new FunctionType("demo-kafka", "greeter"));
    greeter.invoke("Alice", "Alice");
    greeter.invoke("Bob", "Bob");
    Invocation again = greeter.invoke("Alice", "Alice");

    assertThat(again.egress(GreeterFn.GREETINGS)).containsExactly("Hello Alice, this is visit #2");
    assertThat(again.sent()).isEmpty();
    assertThat(greeter.state("Alice").value("visits")).isEqualTo(2);
    assertThat(greeter.state("Bob").value("visits")).isEqualTo(1);
  }
}
