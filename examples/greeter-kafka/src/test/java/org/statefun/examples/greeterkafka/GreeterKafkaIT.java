package org.statefun.examples.greeterkafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.testing.Deadline;
import org.statefun.core.testing.MiniClusters;
import org.statefun.io.kafka.testing.BackgroundJob;
import org.statefun.io.kafka.testing.KafkaBroker;
import org.statefun.loader.testing.ModuleDirectories;

/**
 * Runs a copy of modules-kafka/greeter-kafka (module.yaml, greeter-kafka.jar) through the
 * entrypoint against a broker in the test JVM, as the README's commands do against {@code
 * bin/statefun kafka start}.
 */
class GreeterKafkaIT {

  @RegisterExtension
  @Order(1)
  static final KafkaBroker KAFKA = new KafkaBroker();

  @RegisterExtension
  @Order(2)
  static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2);

  @Test
  void writesOneGreetingPerNameToTheGreetingsTopic(
      @TempDir Path dir, @InjectMiniCluster MiniCluster cluster) throws Exception {
    KAFKA.createTopics(2, "names", "greetings");
    ModuleDirectories.copy(Path.of("../../modules-kafka/greeter-kafka"), dir.resolve("modules"));
    KAFKA.produce(
        List.of("Alice", "Bob", "Alice", "Carol", "Alice", "Bob", "Dave").stream()
            .map(
                name ->
                    new ProducerRecord<byte[], byte[]>(
                        "names", null, name.getBytes(StandardCharsets.UTF_8)))
            .toList());

    BackgroundJob job =
        BackgroundJob.start(
            Map.of("KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers()),
            dir,
            new PrintStream(OutputStream.nullOutputStream()),
            "--parallelism",
            "2",
            "-Dexecution.checkpointing.interval=200ms");
    Deadline.waitUntil(() -> job.hasEnded() || greetings().size() >= 7, Duration.ofMinutes(2));
    job.cancel(cluster);

    assertThat(greetings())
        .containsExactlyInAnyOrder(
            "Hello Alice, this is visit #1",
            "Hello Bob, this is visit #1",
            "Hello Alice, this is visit #2",
            "Hello Carol, this is visit #1",
            "Hello Alice, this is visit #3",
            "Hello Bob, this is visit #2",
            "Hello Dave, this is visit #1");
  }

  private static List<String> greetings() {
    try {
      return KAFKA.readAll("greetings", "read_committed", Duration.ofSeconds(30)).stream()
          .map(r -> new String(r.value(), StandardCharsets.UTF_8))
          .toList();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }
}
