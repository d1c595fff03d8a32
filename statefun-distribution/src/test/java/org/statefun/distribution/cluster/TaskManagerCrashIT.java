package org.statefun.distribution.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.distribution.Ports;
import org.statefun.io.kafka.testing.KafkaBroker;

/**
 * Exactly-once through a TaskManager crash on a real multi-process cluster: a JobManager and two
 * TaskManagers × 2 slots (the launcher of {@code bin/statefun cluster}), the universal job at
 * parallelism 4 with checkpoints every second, a Kafka ingress and an exactly-once Kafka egress on
 * the test's broker, and {@link CrossingWorkload}: two function types whose messages cross
 * TaskManagers through the feedback loop, with async operations and delayed messages. While input
 * still arrives, one TaskManager is killed with SIGKILL and a replacement started; the job restarts
 * from its last checkpoint. Then:
 *
 * <ul>
 *   <li>the egress, read with {@code read_committed}, is exactly the expected multiset (every
 *       pinger count 1 … rounds once per id, each at its ponger), and every ponger's counts are
 *       exactly 1 … (its messages): the state of every address is exact;
 *   <li>before and after the crash, every loop head subtask shares its TaskManager with its tail
 *       subtask (the REST API's subtask → TaskManager map);
 *   <li>at least a third of the pinger → ponger sends change TaskManager.
 * </ul>
 *
 * <p>It prints the recovery time: kill → job RUNNING again (every subtask), and kill → first egress
 * record committed after that.
 *
 * <p>Negative control: a broken exactly-once shows here as a multiset mismatch. The records of the
 * transactions the crash aborted are still in the topic: the test prints how many a {@code
 * read_uncommitted} reader sees beyond the committed ones, and {@link
 * CrossingWorkload#checkPongerCounts} run on that view reports the duplicated counts — which is
 * what an at-least-once egress (or a feedback loop that lost or replayed messages twice) would
 * leave under {@code read_committed}.
 */
class TaskManagerCrashIT {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final int IDS = 50;
  private static final int ROUNDS = 80;
  private static final int PARALLELISM = 4;
  private static final int MAX_PARALLELISM = 128;

  @TempDir Path dir;

  @Test
  void killingATaskManagerMidStreamLosesAndDuplicatesNothing() throws Exception {
    KAFKA.createTopics(4, "chaos-in", "chaos-out");
    CrossingWorkload.write(
        dir.resolve("modules"), KAFKA.bootstrapServers(), "chaos-in", "chaos-out");
    LocalFlinkCluster cluster =
        new LocalFlinkCluster(
            new ClusterDirectory(dir.resolve("cluster")),
            FlinkProcessLauncher.classpathFrom(
                Path.of(System.getProperty("statefun.flink.classpath"))));
    ExecutorService producer = Executors.newSingleThreadExecutor();
    try (CommittedOutput output = new CommittedOutput(KAFKA.bootstrapServers(), "chaos-out")) {
      cluster.start(
          new ClusterConfiguration.Settings(
              2,
              2,
              Ports.free(),
              Map.of(
                  // A dead TaskManager is noticed within seconds (failed heartbeat RPCs), not 50 s.
                  "heartbeat.interval", "1000",
                  "heartbeat.timeout", "10000",
                  "restart-strategy.type", "fixed-delay",
                  "restart-strategy.fixed-delay.attempts", "100",
                  "restart-strategy.fixed-delay.delay", "1s")),
          Duration.ofMinutes(3));
      FlinkRest rest = cluster.rest();
      String jobId =
          rest.runJar(
              rest.uploadJar(Path.of(System.getProperty("statefun.job.jar"))),
              List.of(
                  "--modules",
                  dir.resolve("modules").toString(),
                  "-Dexecution.checkpointing.interval=1s",
                  "-Dpipeline.max-parallelism=" + MAX_PARALLELISM),
              PARALLELISM,
              null,
              false);
      await("the job runs", () -> allRunning(rest, jobId), output);
      Map<String, Map<Integer, String>> before = rest.subtaskLocations(jobId);
      assertLoopCoLocated(before);
      double crossing = crossingShare(before);
      System.out.printf(
          "TaskManagerCrashIT: %.0f %% of pinger -> ponger sends change TaskManager%n",
          crossing * 100);
      assertThat(crossing)
          .as("share of sends that change TaskManager")
          .isGreaterThanOrEqualTo(1 / 3.0);

      CompletableFuture<Void> input =
          CompletableFuture.runAsync(TaskManagerCrashIT::produce, producer);
      await("a fifth of the output is committed", () -> output.size() >= IDS * ROUNDS / 5, output);
      assertThat(input).as("input still arriving at the kill").isNotDone();

      int committedAtKill = output.size();
      Set<String> taskManagersBefore = taskManagers(rest);
      long kill = System.nanoTime();
      cluster.processes().kill("taskmanager-1");
      cluster.addTaskManager();
      long[] replacementRegistered = {0};
      await(
          "the job runs again from a checkpoint",
          () -> {
            if (replacementRegistered[0] == 0
                && !taskManagersBefore.containsAll(taskManagers(rest))) {
              replacementRegistered[0] = System.nanoTime();
            }
            return restored(rest, jobId) && allRunning(rest, jobId);
          },
          output);
      long running = System.nanoTime();
      await(
          "an egress record is committed after the restart",
          () -> output.seen().stream().skip(committedAtKill).anyMatch(s -> s.nanos() >= running),
          output);
      long firstRecord =
          output.seen().stream()
              .skip(committedAtKill)
              .mapToLong(CommittedOutput.Seen::nanos)
              .filter(t -> t >= running)
              .min()
              .orElseThrow();
      JsonNode restoredCheckpoint =
          rest.get("/jobs/" + jobId + "/checkpoints").path("latest").path("restored");
      System.out.printf(
          "TaskManagerCrashIT: recovery after kill -9 of a TaskManager: replacement registered after %s ms,"
              + " job RUNNING again after %d ms,"
              + " first new committed egress record after %d ms (restored checkpoint %s; %d records committed before the kill)%n",
          replacementRegistered[0] == 0
              ? "?"
              : Long.toString(TimeUnit.NANOSECONDS.toMillis(replacementRegistered[0] - kill)),
          TimeUnit.NANOSECONDS.toMillis(running - kill),
          TimeUnit.NANOSECONDS.toMillis(firstRecord - kill),
          restoredCheckpoint.path("id").asText(),
          committedAtKill);
      assertLoopCoLocated(rest.subtaskLocations(jobId));

      input.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      await("every record is committed", () -> distinct(output) >= IDS * ROUNDS, output);
      // Two more checkpoints: a duplicate written late would be committed by now.
      long completed = completedCheckpoints(rest, jobId);
      await(
          "two more checkpoints", () -> completedCheckpoints(rest, jobId) >= completed + 2, output);

      List<String> committed = values(KAFKA.readAll("chaos-out", "read_committed", TIMEOUT));
      List<String> uncommitted = values(KAFKA.readAll("chaos-out", "read_uncommitted", TIMEOUT));
      System.out.printf(
          "TaskManagerCrashIT: %d records committed; read_uncommitted also sees %d records of aborted transactions"
              + " (%d ponger count problems in that view)%n",
          committed.size(),
          uncommitted.size() - committed.size(),
          CrossingWorkload.checkPongerCounts(uncommitted).size());
      assertThat(committed.stream().map(CrossingWorkload::withoutPongerCount).toList())
          .containsExactlyInAnyOrderElementsOf(
              CrossingWorkload.expectedWithoutPongerCounts(IDS, ROUNDS));
      assertThat(CrossingWorkload.checkPongerCounts(committed)).as("ponger state").isEmpty();
    } finally {
      producer.shutdownNow();
      cluster.stop();
    }
  }

  /** Writes ROUNDS rounds of one record per pinger id, five rounds a second. */
  private static void produce() {
    try {
      for (int round = 0; round < ROUNDS; round++) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < IDS; i++) {
          byte[] id = CrossingWorkload.pinger(i).getBytes(StandardCharsets.UTF_8);
          records.add(new ProducerRecord<>("chaos-in", id, id));
        }
        KAFKA.produce(records);
        Thread.sleep(200); // pacing of the input, not synchronisation
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every loop head subtask i runs in the TaskManager of tail subtask i. */
  private static void assertLoopCoLocated(Map<String, Map<Integer, String>> locations) {
    Map<Integer, String> heads = vertex(locations, "statefun head");
    Map<Integer, String> tails = vertex(locations, "statefun tail");
    assertThat(heads).as("head subtasks").hasSize(PARALLELISM);
    assertThat(tails).as("head and tail subtask → TaskManager (%s)", locations).isEqualTo(heads);
    assertThat(new HashSet<>(heads.values())).as("TaskManagers running the loop").hasSize(2);
  }

  /** The share of pinger → ponger sends whose two addresses are on different TaskManagers. */
  private static double crossingShare(Map<String, Map<Integer, String>> locations) {
    Map<Integer, String> heads = vertex(locations, "statefun head");
    int crossing = 0;
    for (int i = 0; i < IDS; i++) {
      String pinger = CrossingWorkload.pinger(i);
      for (int n = 1; n <= ROUNDS; n++) {
        if (!heads
            .get(subtask(pinger))
            .equals(heads.get(subtask(CrossingWorkload.ponger(pinger, n))))) {
          crossing++;
        }
      }
    }
    return crossing / (double) (IDS * ROUNDS);
  }

  private static int subtask(String id) {
    return KeyGroupRangeAssignment.assignKeyToParallelOperator(id, MAX_PARALLELISM, PARALLELISM);
  }

  private static Map<Integer, String> vertex(
      Map<String, Map<Integer, String>> locations, String name) {
    return locations.entrySet().stream()
        .filter(e -> e.getKey().contains(name))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no vertex '" + name + "' in " + locations.keySet()));
  }

  private static boolean allRunning(FlinkRest rest, String jobId) throws Exception {
    JsonNode job = rest.get("/jobs/" + jobId);
    if (job.path("state").asText().equals("FAILED")) {
      throw new AssertionError("the job failed: " + rest.get("/jobs/" + jobId + "/exceptions"));
    }
    if (!job.path("state").asText().equals("RUNNING")) {
      return false;
    }
    for (JsonNode vertex : job.path("vertices")) {
      if (!vertex.path("status").asText().equals("RUNNING")) {
        return false;
      }
    }
    return true;
  }

  private static Set<String> taskManagers(FlinkRest rest) throws Exception {
    Set<String> ids = new HashSet<>();
    rest.get("/taskmanagers").path("taskmanagers").forEach(tm -> ids.add(tm.path("id").asText()));
    return ids;
  }

  private static boolean restored(FlinkRest rest, String jobId) throws Exception {
    return rest.get("/jobs/" + jobId + "/checkpoints").path("counts").path("restored").asInt() > 0;
  }

  private static long completedCheckpoints(FlinkRest rest, String jobId) throws Exception {
    return rest.get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
  }

  private static long distinct(CommittedOutput output) {
    Set<String> values = new HashSet<>();
    output.seen().forEach(s -> values.add(s.value()));
    return values.size();
  }

  private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  /** Polls the output and checks {@code condition} until it holds, for at most {@link #TIMEOUT}. */
  private static void await(String what, Condition condition, CommittedOutput output)
      throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      output.poll();
      try {
        if (condition.holds()) {
          return;
        }
      } catch (IOException e) {
        // the JobManager is busy or restarting; ask again
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after "
                + TIMEOUT.toSeconds()
                + " s waiting until "
                + what
                + "; "
                + output.size()
                + " records committed");
      }
    }
  }
}
