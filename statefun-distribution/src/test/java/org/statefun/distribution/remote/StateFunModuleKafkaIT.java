package org.statefun.distribution.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.io.KafkaEgressMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.statefun.core.testing.Deadline;
import org.statefun.io.kafka.testing.KafkaBroker;

/**
 * A StateFun 3.x module.yaml, taken as it would be written for Apache StateFun (an HTTP endpoint, a
 * Kafka ingress routing by its topics' targets, an exactly-once Kafka egress), runs unchanged: a
 * remote greeter written with the official Java SDK reads names from Kafka and writes greetings
 * back through the egress, each exactly once under {@code read_committed}.
 */
class StateFunModuleKafkaIT extends RemoteFunctionsITBase {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  static final ValueSpec<Integer> SEEN = ValueSpec.named("seen").withIntType();
  static final int NAMES = 5;
  static final int VISITS = 20;

  static StatefulFunctions greeter() {
    StatefulFunctions functions = new StatefulFunctions();
    functions.withStatefulFunction(
        StatefulFunctionSpec.builder(TypeName.typeNameFromString("greeter.fns/greeter"))
            .withValueSpec(SEEN)
            .withSupplier(
                () ->
                    (context, message) -> {
                      int seen = context.storage().get(SEEN).orElse(0) + 1;
                      context.storage().set(SEEN, seen);
                      String name =
                          new String(message.rawValue().toByteArray(), StandardCharsets.UTF_8);
                      context.send(
                          KafkaEgressMessage.forEgress(
                                  TypeName.typeNameFromString("greeter.io/greetings"))
                              .withTopic("greetings")
                              .withUtf8Key(context.self().id())
                              .withUtf8Value("Hello " + name + " #" + seen)
                              .build());
                      return context.done();
                    })
            .build());
    return functions;
  }

  @Test
  void theGreeterOfAStateFunModuleYamlRunsUnchanged() throws Exception {
    KAFKA.createTopics(2, "names", "greetings");
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int visit = 0; visit < VISITS; visit++) {
      for (int n = 0; n < NAMES; n++) {
        byte[] name = ("name" + n).getBytes(StandardCharsets.UTF_8);
        records.add(new ProducerRecord<>("names", name, name));
      }
    }
    KAFKA.produce(records);
    try (JavaFunctionServer server = JavaFunctionServer.start(greeter())) {
      writeModule(
          "greeter",
          """
          kind: io.statefun.endpoints.v2/http
          spec:
            functions: greeter.fns/*
            urlPathTemplate: %s/{function.name}
            transport:
              type: io.statefun.transports.v1/async
              call: 2m
              connect: 20s
          ---
          kind: io.statefun.kafka.v1/ingress
          spec:
            id: greeter.io/names
            address: %s
            consumerGroupId: greeter
            startupPosition:
              type: earliest
            topics:
              - topic: names
                valueType: greeter.types/Name
                targets:
                  - greeter.fns/greeter
          ---
          kind: io.statefun.kafka.v1/egress
          spec:
            id: greeter.io/greetings
            address: %s
            deliverySemantic:
              type: exactly-once
              transactionTimeout: 15min
          """
              .formatted(
                  server.url().replaceAll("/+$", ""),
                  KAFKA.bootstrapServers(),
                  KAFKA.bootstrapServers()));
      try (RunningJob job = start(Map.of())) {
        Deadline.waitUntil(
            () -> committedGreetings().size() >= NAMES * VISITS || job.isDone(), WAIT);
        Map<String, List<String>> byName = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : committedGreetings()) {
          byName
              .computeIfAbsent(
                  new String(record.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
              .add(new String(record.value(), StandardCharsets.UTF_8));
        }
        Map<String, List<String>> expected = new TreeMap<>();
        for (int n = 0; n < NAMES; n++) {
          List<String> greetings = new ArrayList<>();
          for (int visit = 1; visit <= VISITS; visit++) {
            greetings.add("Hello name" + n + " #" + visit);
          }
          expected.put("name" + n, greetings);
        }
        assertThat(byName).isEqualTo(expected);
      }
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> committedGreetings() {
    try {
      return KAFKA.readAll("greetings", "read_committed", Duration.ofSeconds(30));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }
}
