package org.statefun.distribution.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
 * --from-savepoint} at parallelism 2 with more input, stops that one the same way once it has
 * committed output, adds a third TaskManager and resumes at parallelism 6 with the rest of the
 * input. The egress ({@code read_committed}) then holds every expected record exactly once and
 * every address's count is exact across the three jobs: state, the loop's in-flight messages,
 * timers and the Kafka offsets all moved to the new parallelism.
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

      produce(0, ROUNDS / 3);
      String first = submit(clusterDir, modules, "4");
      String savepoint = stopOnceCommitted(clusterDir, port, output, first, 0);
      int atFour = output.size();
      System.out.printf(
          "SavepointRescaleIT: stopped at parallelism 4 with %d of the %d records its input asks for committed%n",
          atFour, IDS * ROUNDS / 3);

      produce(ROUNDS / 3, 2 * ROUNDS / 3);
      String second = submit(clusterDir, modules, "2", "--from-savepoint", savepoint);
      savepoint = stopOnceCommitted(clusterDir, port, output, second, atFour);
      System.out.printf(
          "SavepointRescaleIT: stopped at parallelism 2 with %d of the %d records the input so far asks for committed%n",
          output.size(), IDS * 2 * ROUNDS / 3);

      LocalFlinkCluster cluster = TestClusters.in(clusterDir);
      cluster.addTaskManager();
      cluster.awaitTaskManagers(3, TIMEOUT);
      produce(2 * ROUNDS / 3, ROUNDS);
      submit(clusterDir, modules, "6", "--from-savepoint", savepoint);
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

  /**
   * Waits until {@code job} runs (every subtask: a savepoint needs them all) and more than {@code
   * committedBefore} records are committed, then stops it with a savepoint through {@code
   * stop-job}; returns the savepoint.
   */
  private static String stopOnceCommitted(
      Path clusterDir, String port, CommittedOutput output, String job, int committedBefore)
      throws Exception {
    FlinkRest rest = new FlinkRest("http://localhost:" + port);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      output.poll();
      if (output.size() > committedBefore && running(rest, job)) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "job " + job + " did not run and commit output within " + TIMEOUT.toSeconds() + " s");
      }
    }
    ClusterCommandIT.Result stopped = ClusterCommandIT.command(clusterDir, "stop-job", job);
    assertThat(stopped.code()).as("stop-job: %s", stopped).isZero();
    Matcher savepoint =
        Pattern.compile("stopped job " + job + " with savepoint (\\S+)")
            .matcher(String.join("\n", stopped.stdout()));
    assertThat(savepoint.find()).as("savepoint in %s", stopped.stdout()).isTrue();
    output.poll();
    return savepoint.group(1);
  }

  private static boolean running(FlinkRest rest, String job) throws Exception {
    try {
      return ChaosJob.allRunning(rest, job);
    } catch (IOException e) {
      return false; // the JobManager is busy; ask again
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
