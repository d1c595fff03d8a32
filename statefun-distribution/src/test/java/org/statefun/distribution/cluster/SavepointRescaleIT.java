package org.statefun.distribution.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.testing.Deadline;
import org.statefun.distribution.Ports;
import org.statefun.io.kafka.testing.KafkaBroker;

/**
 * The README's "Running on a cluster" flow through {@code bin/statefun cluster}: submit at
 * parallelism 4, {@code stop-job} (stop with a savepoint) as soon as the first output is committed,
 * typically while input is being read and messages, delayed messages and async operations are in
 * flight (the test prints how much output the first job committed), resubmit {@code
 * --from-savepoint} at parallelism 2 with more input. The egress ({@code read_committed}) then
 * holds every expected record exactly once and every address's count is exact across both jobs:
 * state, the loop's in-flight messages, timers and the Kafka offsets all moved to the new
 * parallelism.
 */
class SavepointRescaleIT {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final int IDS = 20;
  private static final int ROUNDS = 300;

  @TempDir Path dir;

  @Test
  void stopWithSavepointAndResumeAtAnotherParallelism() throws Exception {
    KAFKA.createTopics(4, "rescale-in", "rescale-out");
    Path modules = dir.resolve("modules");
    CrossingWorkload.write(modules, KAFKA.bootstrapServers(), "rescale-in", "rescale-out");
    Path clusterDir = dir.resolve("cluster");
    String port = Integer.toString(Ports.free());
    try (CommittedOutput output = new CommittedOutput(KAFKA.bootstrapServers(), "rescale-out")) {
      ClusterCommandIT.Result started =
          ClusterCommandIT.command(
              clusterDir, "start", "--taskmanagers", "2", "--slots", "2", "--rest-port", port);
      assertThat(started.code()).as("start: %s", started).isZero();

      produce(0, ROUNDS / 2);
      String first = submit(clusterDir, modules, "4");
      Deadline.waitUntil(
          () -> {
            output.poll();
            return output.size() > 0;
          },
          TIMEOUT);
      ClusterCommandIT.Result stopped = ClusterCommandIT.command(clusterDir, "stop-job", first);
      assertThat(stopped.code()).as("stop-job: %s", stopped).isZero();
      Matcher savepoint =
          Pattern.compile("stopped job " + first + " with savepoint (\\S+)")
              .matcher(String.join("\n", stopped.stdout()));
      assertThat(savepoint.find()).as("savepoint in %s", stopped.stdout()).isTrue();
      output.poll();
      int beforeResume = output.size();
      System.out.printf(
          "SavepointRescaleIT: stopped at parallelism 4 with %d of the %d records its input asks for committed%n",
          beforeResume, IDS * ROUNDS / 2);

      produce(ROUNDS / 2, ROUNDS);
      submit(clusterDir, modules, "2", "--from-savepoint", savepoint.group(1));
      Deadline.waitUntil(
          () -> {
            output.poll();
            return new HashSet<>(output.seen().stream().map(CommittedOutput.Seen::value).toList())
                    .size()
                >= IDS * ROUNDS;
          },
          TIMEOUT);

      List<String> committed =
          KAFKA.readAll("rescale-out", "read_committed", TIMEOUT).stream()
              .map(r -> new String(r.value(), StandardCharsets.UTF_8))
              .toList();
      assertThat(committed.stream().map(CrossingWorkload::withoutPongerCount).toList())
          .containsExactlyInAnyOrderElementsOf(
              CrossingWorkload.expectedWithoutPongerCounts(IDS, ROUNDS));
      assertThat(CrossingWorkload.checkPongerCounts(committed)).as("ponger state").isEmpty();
    } finally {
      ClusterCommandIT.command(clusterDir, "stop");
    }
  }

  private static String submit(Path clusterDir, Path modules, String parallelism, String... more)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "submit",
                "--modules",
                modules.toString(),
                "--parallelism",
                parallelism,
                "-Dexecution.checkpointing.interval=1s"));
    args.addAll(List.of(more));
    ClusterCommandIT.Result submitted =
        ClusterCommandIT.command(clusterDir, args.toArray(String[]::new));
    assertThat(submitted.code()).as("submit: %s", submitted).isZero();
    return submitted.stdout().get(submitted.stdout().size() - 1);
  }

  /** Rounds {@code from} (inclusive) to {@code to} of one record per pinger id. */
  private static void produce(int from, int to) throws Exception {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int round = from; round < to; round++) {
      for (int i = 0; i < IDS; i++) {
        byte[] id = CrossingWorkload.pinger(i).getBytes(StandardCharsets.UTF_8);
        records.add(new ProducerRecord<>("rescale-in", id, id));
      }
    }
    KAFKA.produce(records);
  }
}
