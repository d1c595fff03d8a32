package org.statefun.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class BrokerCheckTest {

  private static BrokerCheck check(String bootstrapServers) {
    return new BrokerCheck(
        "Ingress shop/orders",
        bootstrapServers,
        KafkaClientProperties.none(),
        List.of(),
        Duration.ofSeconds(30));
  }

  @Test
  void aLocalBrokerThatDoesNotAnswerSuggestsStartingTheLocalOne() {
    assertThat(check("localhost:9092").unreachableMessage(new TimeoutException("Timed out")))
        .isEqualTo(
            "Ingress shop/orders cannot reach Kafka at localhost:9092 (bootstrap-servers) within"
                + " 30s (connect-timeout): no broker answered. Is a broker running there? For the"
                + " local one run bin/statefun kafka start");
  }

  @Test
  void remoteBrokersThatDoNotAnswerAreNamedWithoutTheLocalAdvice() {
    assertThat(
            check("kafka-1:9092,kafka-2:9092")
                .unreachableMessage(new java.util.concurrent.TimeoutException()))
        .isEqualTo(
            "Ingress shop/orders cannot reach Kafka at kafka-1:9092,kafka-2:9092"
                + " (bootstrap-servers) within 30s (connect-timeout): no broker answered. Check"
                + " that the brokers run and are reachable from here, and the bootstrap servers"
                + " and security properties");
  }

  @Test
  void otherCausesAreNamedInOneLine() {
    assertThat(
            check("broker:9093")
                .unreachableMessage(
                    new SaslAuthenticationException("Authentication failed\n  details")))
        .contains("(connect-timeout): Authentication failed. Check that");
  }

  @Test
  void localMeansEveryServerOnThisHost() {
    assertThat(BrokerCheck.isLocal("localhost:9092")).isTrue();
    assertThat(BrokerCheck.isLocal("127.0.0.1:9092, localhost:9093")).isTrue();
    assertThat(BrokerCheck.isLocal("[::1]:9092")).isTrue();
    assertThat(BrokerCheck.isLocal("LOCALHOST")).isTrue();
    assertThat(BrokerCheck.isLocal("localhost:9092,kafka:9092")).isFalse();
    assertThat(BrokerCheck.isLocal("kafka.localdomain:9092")).isFalse();
    assertThat(BrokerCheck.isLocal("10.0.0.1:9092")).isFalse();
  }
}
