package org.statefun.distribution.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.statefun.core.testing.Deadline;
import org.statefun.io.kafka.testing.KafkaBroker;

/**
 * examples/greeter-remote/modules-kafka/greeter-remote-kafka/module.yaml — a StateFun 3.x file
 * (endpoint {@code io.statefun.endpoints.v2/http} with {@code functions: remote-demo/*}, a
 * self-routing {@code io.statefun.kafka.v1/ingress}, an exactly-once {@code
 * io.statefun.kafka.v1/egress}) — copied unchanged and run against a broker in the test JVM and a
 * function server (one subclass per SDK, each with its own broker: the file names fixed topics and
 * a fixed consumer group). Names go to topic {@code names} (key = value = the name); the job runs
 * until the committed greetings are all in topic {@code greetings}, then is cancelled.
 */
abstract class GreeterRemoteKafkaITBase extends RemoteFunctionsITBase {

  static final Path MODULE =
      Path.of("../examples/greeter-remote/modules-kafka/greeter-remote-kafka");

  static final List<String> NAMES =
      List.of("Alice", "Bob", "Alice", "Carol", "Alice", "Bob", "Dave");

  abstract KafkaBroker kafka();

  /** Starts the function server; returns it with its URL. */
  abstract Server startServer();

  record Server(String url, AutoCloseable closer) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      closer.close();
    }
  }

  @Test
  void greetsEveryNameFromTheNamesTopicInTheGreetingsTopic() throws Exception {
    KafkaBroker kafka = kafka();
    kafka.createTopics(2, "names", "greetings");
    kafka.produce(
        NAMES.stream()
            .map(name -> name.getBytes(StandardCharsets.UTF_8))
            .map(name -> new ProducerRecord<>("names", name, name))
            .toList());
    copyModule(MODULE);

    try (Server server = startServer();
        RunningJob job =
            start(
                Map.of(
                    "GREETER_URL", server.url(),
                    "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()))) {
      Deadline.waitUntil(() -> job.isDone() || greetings(kafka).size() >= NAMES.size(), WAIT);
      if (job.isDone()) {
        job.await(WAIT); // throws the job's failure
        throw new AssertionError("the job (an unbounded Kafka ingress) ended by itself");
      }

      assertThat(greetings(kafka))
          .containsExactlyInAnyOrder(
              "Alice: Hello Alice, this is visit #1",
              "Bob: Hello Bob, this is visit #1",
              "Alice: Hello Alice, this is visit #2",
              "Carol: Hello Carol, this is visit #1",
              "Alice: Hello Alice, this is visit #3",
              "Bob: Hello Bob, this is visit #2",
              "Dave: Hello Dave, this is visit #1");
    }
  }

  /** The committed records of topic greetings, as {@code "<key>: <value>"}. */
  private static List<String> greetings(KafkaBroker kafka) {
    try {
      return kafka.readAll("greetings", "read_committed", Duration.ofSeconds(30)).stream()
          .map(
              r ->
                  new String(r.key(), StandardCharsets.UTF_8)
                      + ": "
                      + new String(r.value(), StandardCharsets.UTF_8))
          .toList();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(e);
    }
  }
}
