package org.statefun.distribution.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
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
 *
 * <p>The second test kills a TaskManager between the barrier reaching the loop heads and the
 * checkpoint completing. Checkpoints take tens of milliseconds, about what the REST API takes to
 * show one, so the test holds one open: it creates the workload's hold file ({@link
 * CrossingWorkload.Variant}), which stops pinger {@code k0}'s subtask at its next message. The next
 * barrier waits in front of that subtask while the other loop heads take it and log the loop for
 * it: checkpoint n cannot complete. The test spins on the REST API (checkpoint statistics not
 * cached, gauges fetched at every request) until checkpoint n is IN_PROGRESS and a loop head's
 * {@code statefunLoggingCheckpoint} gauge reads n, kills a TaskManager and removes the hold file.
 * Checkpoint n must end FAILED, the job must restore an earlier one, and the output and state must
 * be exact as above.
 */
class TaskManagerCrashIT {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  private static final int IDS = 50;
  private static final int ROUNDS = 80;

  @TempDir Path dir;

  @Test
  void killingATaskManagerMidStreamLosesAndDuplicatesNothing() throws Exception {
    try (ChaosJob job =
        ChaosJob.start(KAFKA, dir, "TaskManagerCrashIT", "chaos", IDS, ROUNDS, Map.of())) {
      job.assertLoopCrossesTaskManagers();
      job.startInput();
      job.await(
          "a fifth of the output is committed", () -> job.output().size() >= IDS * ROUNDS / 5);
      assertThat(job.inputDone()).as("input done at the kill").isFalse();
      job.killAndRecover("taskmanager-1", () -> true);
      job.assertExactOutput();
    }
  }

  @Test
  void killingATaskManagerDuringACheckpointRestoresThePreviousOne() throws Exception {
    Path hold = dir.resolve("hold");
    try (ChaosJob job =
        ChaosJob.start(
            TestKafka.of(KAFKA),
            dir,
            "TaskManagerCrashIT (kill during a checkpoint)",
            "during-checkpoint",
            IDS,
            ROUNDS,
            Map.of(
                // The REST API shows a checkpoint's progress as it happens, and keeps its outcome.
                "rest.cache.checkpoint-statistics.timeout", "10 ms",
                "web.checkpoints.history", "200",
                // ... and the loop heads' gauges as of the previous request.
                "metrics.fetcher.update-interval", "1"),
            CrossingWorkload.Variant.hold(hold))) {
      job.assertLoopCrossesTaskManagers();
      job.startInput();
      job.await(
          "a fifth of the output is committed", () -> job.output().size() >= IDS * ROUNDS / 5);
      long completedBefore = job.checkpoints().path("latest").path("completed").path("id").asLong();
      Files.createFile(hold);
      long[] killed = {0};
      Map<Integer, Long> headsAtKill = new HashMap<>();
      ChaosJob.Recovery recovery;
      try {
        recovery =
            job.killAndRecover(
                "taskmanager-1",
                () -> {
                  // The gauges first: the checkpoint's status, read after them, is the fresher.
                  headsAtKill.clear();
                  headsAtKill.putAll(job.loopHeadsLogging());
                  killed[0] =
                      headsAtKill.values().stream().mapToLong(Long::longValue).max().orElse(0);
                  return killed[0] > completedBefore
                      && job.checkpointStatus(killed[0]).equals("IN_PROGRESS");
                },
                () -> Files.delete(hold));
      } catch (AssertionError e) {
        throw new AssertionError(
            e.getMessage() + "; loop heads logging at the last read: " + headsAtKill, e);
      }
      job.await(
          "checkpoint " + killed[0] + " ends",
          () -> !job.checkpointStatus(killed[0]).equals("IN_PROGRESS"));
      JsonNode outcome =
          job.rest().get("/jobs/" + job.jobId() + "/checkpoints/details/" + killed[0]);
      System.out.printf(
          "TaskManagerCrashIT (kill during a checkpoint): killed while checkpoint %d was in progress,"
              + " its barrier past loop heads %s (statefunLoggingCheckpoint by subtask: %s)"
              + " (%s of %s subtasks had acknowledged it, loop heads %s); it ended %s,"
              + " the job restored checkpoint %d%n",
          killed[0],
          headsAtKill.entrySet().stream()
              .filter(e -> e.getValue() == killed[0])
              .map(Map.Entry::getKey)
              .sorted()
              .toList(),
          headsAtKill,
          outcome.path("num_acknowledged_subtasks").asText(),
          outcome.path("num_subtasks").asText(),
          headAcknowledgements(job, outcome),
          outcome.path("status").asText(),
          recovery.restoredCheckpoint());
      assertThat(outcome.path("status").asText())
          .as("checkpoint %d's outcome", killed[0])
          .isEqualTo("FAILED");
      assertThat(recovery.restoredCheckpoint())
          .as("restored checkpoint, before the failed one")
          .isLessThan(killed[0])
          .isGreaterThanOrEqualTo(completedBefore);
      job.assertExactOutput();
    }
  }

  /** "acknowledged/subtasks" of the loop head vertex in a checkpoint's details. */
  private static String headAcknowledgements(ChaosJob job, JsonNode details) throws Exception {
    for (JsonNode vertex : job.rest().get("/jobs/" + job.jobId()).path("vertices")) {
      if (vertex.path("name").asText().contains("statefun head")) {
        JsonNode task = details.path("tasks").path(vertex.path("id").asText());
        return task.path("num_acknowledged_subtasks").asText()
            + "/"
            + task.path("num_subtasks").asText();
      }
    }
    return "?";
  }
}
