package org.statefun.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.statefun.loader.ValidateModules;

/**
 * Kafka specs with mistakes, validated like {@code bin/statefun validate} does: every problem is
 * reported at once with file:line:column and what was expected.
 */
class BadSpecsTest {

  @Test
  void ingressSpecs() {
    assertThat(problems("ingresses"))
        .containsExactly(
            "modules/m/module.yaml:7:11: ingresses[0].spec is missing the required key 'bootstrap-servers' (host:port[,host:port…] of the Kafka brokers)",
            "modules/m/module.yaml:7:11: ingresses[0].spec is missing the required key 'topics' (a topic name or a list of them; or 'topic-pattern' with a regular expression)",
            "modules/m/module.yaml:7:11: ingresses[0].spec is missing the required key 'group-id' (the Kafka consumer group)",
            "modules/m/module.yaml:13:22: 'ingresses[1].spec.topic-pattern' and 'topics' exclude each other; give one of them",
            "modules/m/module.yaml:15:25: 'ingresses[1].spec.startup-position' is 'erliest'; did you mean 'earliest'? Expected one of: group-offsets, earliest, latest, timestamp, specific-offsets",
            "modules/m/module.yaml:23:26: 'ingresses[2].spec.startup-timestamp' only applies with startup-position timestamp",
            "modules/m/module.yaml:24:19: 'ingresses[2].spec.value-type' only applies with value-format json",
            "modules/m/module.yaml:26:19: 'ingresses[2].spec.properties.group.id': client property 'group.id' is set by the spec; use group-id instead",
            "modules/m/module.yaml:27:28: 'ingresses[2].spec.properties.auto.offset.reset': client property 'auto.offset.reset' is set by the spec; use startup-position and startup-fallback instead",
            "modules/m/module.yaml:31:7: ingresses[3].spec is missing the required key 'startup-timestamp' (an ISO-8601 instant like 2024-05-01T08:00:00Z, or milliseconds since the epoch, for startup-position timestamp)",
            "modules/m/module.yaml:32:22: 'ingresses[3].spec.topic-pattern' is not a valid regular expression: Unclosed character class",
            "modules/m/module.yaml:38:7: ingresses[4].spec is missing the required key 'dead-letter-topic' (the topic bad records go to, for on-error dead-letter)",
            "modules/m/module.yaml:42:30: 'ingresses[4].spec.startup-offsets.t1': the key must be 'topic/partition', like orders/0",
            "modules/m/module.yaml:42:39: 'ingresses[4].spec.startup-offsets.t1/1' is '-2'; expected an offset of 0 or more",
            "modules/m/module.yaml:48:20: 'ingresses[5].spec.topics[1]' must be a topic name, got a map",
            "modules/m/module.yaml:51:26: 'ingresses[5].spec.startup-timestamp' is 'yesterday'; expected an ISO-8601 instant like 2024-05-01T08:00:00Z, or milliseconds since the epoch",
            "modules/m/module.yaml:53:27: 'ingresses[5].spec.value-deserializer' and 'value-format' exclude each other; give one of them",
            "modules/m/module.yaml:54:26: 'ingresses[5].spec.dead-letter-topic' only applies with on-error dead-letter",
            "modules/m/module.yaml:55:24: 'ingresses[5].spec.connect-timeout' is 'soon'; expected a positive duration: a whole number and ms, s, m or h, like 10s",
            "modules/m/module.yaml:58:105: 'ingresses[6].spec.value-deserializer': class 'java.lang.String' does not implement org.apache.kafka.common.serialization.Deserializer",
            "modules/m/module.yaml:70:43: 'routers[7].id' is 'key', but the records of ingress 'bad/h' (kind kafka) have no keys; use value or value.<field>");
  }

  @Test
  void egressSpecs() {
    assertThat(problems("egresses"))
        .containsExactly(
            "modules/m/module.yaml:12:7: egresses[0].spec is missing the required key 'bootstrap-servers' (host:port[,host:port…] of the Kafka brokers)",
            "modules/m/module.yaml:13:17: 'egresses[0].spec.delivery' is 'exactly-twice'; expected one of: exactly-once, at-least-once, none",
            "modules/m/module.yaml:14:19: 'egresses[0].spec.key-format' is 'json'; expected one of: text, none",
            "modules/m/module.yaml:15:25: 'egresses[0].spec.value-serializer': class 'java.lang.String' does not implement org.apache.kafka.common.serialization.Serializer",
            "modules/m/module.yaml:16:39: 'egresses[0].spec.properties.transactional.id': client property 'transactional.id' is set by the spec; the egress derives transactional ids from the job id",
            "modules/m/module.yaml:16:66: 'egresses[0].spec.properties.transaction.timeout.ms': client property 'transaction.timeout.ms' is set by the spec; use transaction-timeout instead",
            "modules/m/module.yaml:22:28: 'egresses[1].spec.transaction-timeout' only applies with delivery exactly-once",
            "modules/m/module.yaml:24:25: 'egresses[1].spec.value-serializer' and 'value-format' exclude each other; give one of them",
            "modules/m/module.yaml:25:32: 'egresses[1].spec.properties.linger.ms' must be a Kafka client property value, got a list",
            "modules/m/module.yaml:28:42: unknown key 'partitioner' in egresses[2].spec; allowed keys: bootstrap-servers, topic, key-format, value-format, value-serializer, delivery, transaction-timeout, properties, connect-timeout");
  }

  /**
   * The problem lines {@code ValidateModules} prints for {@code
   * src/test/resources/bad-specs/<name>}.
   */
  private static List<String> problems(String name) {
    Path root = Path.of("src/test/resources/bad-specs", name);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        ValidateModules.validate(
            new String[] {"--modules", "modules"},
            Map.of(),
            root,
            new PrintStream(OutputStream.nullOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(1);
    return Arrays.stream(err.toString(StandardCharsets.UTF_8).split("\n"))
        .skip(1)
        .map(String::strip)
        .toList();
  }
}
