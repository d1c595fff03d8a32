package org.statefun.distribution.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.statefun.io.kafka.testing.KafkaBroker;

/**
 * {@link CrossingWorkload} at parallelism 4 on a {@link LocalFlinkCluster} of two TaskManagers × 2
 * slots, with Kafka in, an exactly-once Kafka egress, checkpoints every second and restarts after a
 * crash: what the TaskManager crash tests share. It kills TaskManagers, measures the recovery and
 * checks the committed output and every address's state at the end.
 */
final class ChaosJob implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofMinutes(2);
  static final int PARALLELISM = 4;
  private static final int MAX_PARALLELISM = 128;

  /** A {@link #await} condition; an {@link IOException} (JobManager busy) means "not yet". */
  interface Condition {
    boolean holds() throws Exception;
  }

  /** What a kill cost, in ms after the SIGKILL; {@code registeredMs} is -1 if not seen. */
  record Recovery(
      long registeredMs,
      long runningMs,
      long firstRecordMs,
      long restoredCheckpoint,
      int committedAtKill) {}

  private final TestKafka kafka;
  private final String label;
  private final String input;
  private final String outputTopic;
  private final int ids;
  private final int rounds;
  private final CrossingWorkload.Variant variant;
  private final LocalFlinkCluster cluster;
  private final ExecutorService producer = Executors.newSingleThreadExecutor();
  private CommittedOutput output;
  private FlinkRest rest;
  private String jobId;
  private CompletableFuture<Void> produced;

  private ChaosJob(
      TestKafka kafka,
      Path dir,
      String label,
      String topic,
      int ids,
      int rounds,
      CrossingWorkload.Variant variant)
      throws IOException {
    this.kafka = kafka;
    this.variant = variant;
    this.label = label;
    this.input = topic + "-in";
    this.outputTopic = topic + "-out";
    this.ids = ids;
    this.rounds = rounds;
    this.cluster = TestClusters.in(dir.resolve("cluster"));
  }

  /**
   * Starts the cluster (with {@code options} on top of fast failure detection and restarts) and the
   * job, and waits until it runs; {@code label} prefixes what it prints.
   */
  static ChaosJob start(
      KafkaBroker kafka,
      Path dir,
      String label,
      String topic,
      int ids,
      int rounds,
      Map<String, String> options)
      throws Exception {
    return start(
        TestKafka.of(kafka),
        dir,
        label,
        topic,
        ids,
        rounds,
        options,
        CrossingWorkload.Variant.PLAIN);
  }

  /**
   * As above, on any broker (e.g. a {@link KafkaProcess} that the test kills), for a variant of the
   * workload.
   */
  static ChaosJob start(
      TestKafka kafka,
      Path dir,
      String label,
      String topic,
      int ids,
      int rounds,
      Map<String, String> options,
      CrossingWorkload.Variant variant)
      throws Exception {
    ChaosJob job = new ChaosJob(kafka, dir, label, topic, ids, rounds, variant);
    try {
      job.submit(dir, options);
      return job;
    } catch (Exception | Error e) {
      job.close();
      throw e;
    }
  }

  private void submit(Path dir, Map<String, String> options) throws Exception {
    kafka.createTopics(4, input, outputTopic);
    CrossingWorkload.write(
        dir.resolve("modules"), kafka.bootstrapServers(), input, outputTopic, variant);
    output = new CommittedOutput(kafka.bootstrapServers(), outputTopic);
    Map<String, String> all =
        new HashMap<>(
            Map.of(
                // A dead TaskManager is noticed within seconds (failed heartbeat RPCs), not 50 s.
                "heartbeat.interval", "1000",
                "heartbeat.timeout", "10000",
                "restart-strategy.type", "fixed-delay",
                "restart-strategy.fixed-delay.attempts", "100",
                "restart-strategy.fixed-delay.delay", "1s",
                // The REST API caches a job's details and checkpoint statistics for 3 s by
                // default: a stale "RUNNING" read just after a kill would pass for a recovery.
                "web.refresh-interval", "100 ms",
                "rest.cache.checkpoint-statistics.timeout", "100 ms"));
    all.putAll(options);
    TestClusters.start(
        cluster, port -> new ClusterConfiguration.Settings(2, 2, port, all), Duration.ofMinutes(3));
    rest = cluster.rest();
    jobId =
        TestClusters.submitJob(
            rest,
            List.of(
                "--modules",
                dir.resolve("modules").toString(),
                "-Dexecution.checkpointing.interval=1s",
                "-Dpipeline.max-parallelism=" + MAX_PARALLELISM),
            PARALLELISM);
    await("the job runs", this::allRunning);
  }

  FlinkRest rest() {
    return rest;
  }

  String jobId() {
    return jobId;
  }

  CommittedOutput output() {
    return output;
  }

  /** Starts writing the input: one record per pinger id a round, five rounds a second. */
  void startInput() {
    produced =
        CompletableFuture.runAsync(
            () -> {
              try {
                for (int round = 0; round < rounds; round++) {
                  List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
                  for (int i = 0; i < ids; i++) {
                    byte[] id = CrossingWorkload.pinger(i).getBytes(StandardCharsets.UTF_8);
                    records.add(new ProducerRecord<>(input, id, id));
                  }
                  kafka.produce(records);
                  Thread.sleep(200); // pacing of the input, not synchronisation
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            producer);
  }

  boolean inputDone() {
    return produced.isDone();
  }

  /**
   * Checks that every loop head subtask shares its TaskManager with its tail subtask, on two
   * TaskManagers, and that at least a third of the pinger → ponger sends change TaskManager.
   */
  void assertLoopCrossesTaskManagers() throws Exception {
    Map<String, Map<Integer, String>> locations = rest.subtaskLocations(jobId);
    assertLoopCoLocated(locations);
    Map<Integer, String> heads = vertex(locations, "statefun head");
    int crossing = 0;
    for (int i = 0; i < ids; i++) {
      String pinger = CrossingWorkload.pinger(i);
      for (int n = 1; n <= rounds; n++) {
        if (!heads
            .get(subtask(pinger))
            .equals(heads.get(subtask(CrossingWorkload.ponger(pinger, n))))) {
          crossing++;
        }
      }
    }
    double share = crossing / (double) (ids * rounds);
    System.out.printf(
        "%s: %.0f %% of pinger -> ponger sends change TaskManager%n", label, share * 100);
    assertThat(share).as("share of sends that change TaskManager").isGreaterThanOrEqualTo(1 / 3.0);
  }

  /** Every loop head subtask i runs in the TaskManager of tail subtask i. */
  void assertLoopCoLocated() throws Exception {
    assertLoopCoLocated(rest.subtaskLocations(jobId));
  }

  private static void assertLoopCoLocated(Map<String, Map<Integer, String>> locations) {
    Map<Integer, String> heads = vertex(locations, "statefun head");
    Map<Integer, String> tails = vertex(locations, "statefun tail");
    assertThat(heads).as("head subtasks").hasSize(PARALLELISM);
    assertThat(tails).as("head and tail subtask → TaskManager (%s)", locations).isEqualTo(heads);
    assertThat(new HashSet<>(heads.values())).as("TaskManagers running the loop").hasSize(2);
  }

  /** What to do right after a kill, before the replacement starts. */
  interface AfterKill {
    void run() throws Exception;
  }

  /**
   * Waits (spinning on the REST API, without reading the output) until {@code killWhen} holds,
   * kills {@code victim} with SIGKILL at once, starts a replacement TaskManager and waits until the
   * job runs again from a checkpoint and a new egress record is committed; prints and returns the
   * times.
   */
  Recovery killAndRecover(String victim, Condition killWhen) throws Exception {
    return killAndRecover(victim, killWhen, () -> {});
  }

  /** As above, running {@code afterKill} just after the kill. */
  Recovery killAndRecover(String victim, Condition killWhen, AfterKill afterKill) throws Exception {
    output.poll();
    int committedAtKill = output.size();
    int restoredBefore = checkpoints().path("counts").path("restored").asInt();
    Set<String> taskManagersBefore = taskManagers();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!holds(killWhen)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for the moment to kill " + victim);
      }
    }
    long kill = System.nanoTime();
    cluster.processes().kill(victim);
    afterKill.run();
    cluster.addTaskManager();
    long[] registered = {0};
    await(
        "the job runs again from a checkpoint",
        () -> {
          if (registered[0] == 0 && !taskManagersBefore.containsAll(taskManagers())) {
            registered[0] = System.nanoTime();
          }
          return checkpoints().path("counts").path("restored").asInt() > restoredBefore
              && allRunning();
        });
    long running = System.nanoTime();
    await(
        "an egress record is committed after the restart",
        () -> output.seen().stream().skip(committedAtKill).anyMatch(s -> s.nanos() >= running));
    long firstRecord =
        output.seen().stream()
            .skip(committedAtKill)
            .mapToLong(CommittedOutput.Seen::nanos)
            .filter(t -> t >= running)
            .min()
            .orElseThrow();
    Recovery recovery =
        new Recovery(
            registered[0] == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(registered[0] - kill),
            TimeUnit.NANOSECONDS.toMillis(running - kill),
            TimeUnit.NANOSECONDS.toMillis(firstRecord - kill),
            checkpoints().path("latest").path("restored").path("id").asLong(),
            committedAtKill);
    System.out.printf(
        "%s: recovery after kill -9 of %s: replacement registered after %s ms,"
            + " job RUNNING again after %d ms,"
            + " first new committed egress record after %d ms (restored checkpoint %d; %d records committed before the kill)%n",
        label,
        victim,
        recovery.registeredMs() < 0 ? "?" : Long.toString(recovery.registeredMs()),
        recovery.runningMs(),
        recovery.firstRecordMs(),
        recovery.restoredCheckpoint(),
        committedAtKill);
    assertLoopCoLocated();
    return recovery;
  }

  /**
   * Waits for the rest of the input and its output, then two more checkpoints (a duplicate written
   * late would be committed by then), and checks the committed output: exactly the expected
   * multiset, and every ponger's counts exact.
   */
  void assertExactOutput() throws Exception {
    produced.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    await(
        "every record is committed",
        () ->
            output.seen().stream().map(CommittedOutput.Seen::value).distinct().count()
                >= (long) ids * rounds);
    long completed = completedCheckpoints();
    await("two more checkpoints", () -> completedCheckpoints() >= completed + 2);

    List<String> committed = values(kafka.readAll(outputTopic, "read_committed", TIMEOUT));
    List<String> uncommitted = values(kafka.readAll(outputTopic, "read_uncommitted", TIMEOUT));
    System.out.printf(
        "%s: %d records committed; read_uncommitted also sees %d records of aborted transactions"
            + " (%d ponger count problems in that view)%n",
        label,
        committed.size(),
        uncommitted.size() - committed.size(),
        CrossingWorkload.checkPongerCounts(uncommitted).size());
    assertThat(committed.stream().map(CrossingWorkload::withoutPongerCount).toList())
        .containsExactlyInAnyOrderElementsOf(
            CrossingWorkload.expectedWithoutPongerCounts(ids, rounds));
    assertThat(CrossingWorkload.checkPongerCounts(committed)).as("ponger state").isEmpty();
  }

  /** {@code GET /jobs/<id>/checkpoints}. */
  JsonNode checkpoints() throws Exception {
    return rest.get("/jobs/" + jobId + "/checkpoints");
  }

  /** The status of checkpoint {@code id}: IN_PROGRESS, COMPLETED or FAILED. */
  String checkpointStatus(long id) throws Exception {
    return rest.get("/jobs/" + jobId + "/checkpoints/details/" + id).path("status").asText();
  }

  long completedCheckpoints() throws Exception {
    return checkpoints().path("counts").path("completed").asLong();
  }

  boolean allRunning() throws Exception {
    return allRunning(rest, jobId);
  }

  /** Whether job {@code jobId} and every subtask run; an error if the job failed. */
  static boolean allRunning(FlinkRest rest, String jobId) throws Exception {
    JsonNode job = rest.get("/jobs/" + jobId);
    if (job.path("state").asText().equals("FAILED")) {
      throw new AssertionError("the job failed: " + rest.get("/jobs/" + jobId + "/exceptions"));
    }
    if (!job.path("state").asText().equals("RUNNING")) {
      return false;
    }
    for (JsonNode vertex : job.path("vertices")) {
      // A vertex's status reads RUNNING as soon as one of its subtasks runs; count them.
      if (vertex.path("tasks").path("RUNNING").asInt() != vertex.path("parallelism").asInt()) {
        return false;
      }
    }
    return true;
  }

  /** Polls the output and checks {@code condition} until it holds, for at most {@link #TIMEOUT}. */
  void await(String what, Condition condition) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      output.poll();
      if (holds(condition)) {
        return;
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

  private static boolean holds(Condition condition) throws Exception {
    try {
      return condition.holds();
    } catch (IOException e) {
      return false; // the JobManager is busy or restarting; ask again
    }
  }

  private Set<String> taskManagers() throws Exception {
    Set<String> found = new HashSet<>();
    rest.get("/taskmanagers").path("taskmanagers").forEach(tm -> found.add(tm.path("id").asText()));
    return found;
  }

  private static int subtask(String id) {
    return KeyGroupRangeAssignment.assignKeyToParallelOperator(id, MAX_PARALLELISM, PARALLELISM);
  }

  static Map<Integer, String> vertex(Map<String, Map<Integer, String>> locations, String name) {
    return locations.entrySet().stream()
        .filter(e -> e.getKey().contains(name))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no vertex '" + name + "' in " + locations.keySet()));
  }

  private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
  }

  /**
   * The loop heads' {@code statefunLoggingCheckpoint} gauges (the newest checkpoint whose barrier
   * has passed the head and whose log waits for the tail's marker, 0 if none), by subtask, as the
   * JobManager last fetched them; empty before the first fetch.
   */
  Map<Integer, Long> loopHeadsLogging() throws Exception {
    String head = null;
    for (JsonNode vertex : rest.get("/jobs/" + jobId).path("vertices")) {
      if (vertex.path("name").asText().contains("statefun head")) {
        head = vertex.path("id").asText();
      }
    }
    String base = "/jobs/" + jobId + "/vertices/" + head + "/metrics";
    List<String> ids = new ArrayList<>();
    for (JsonNode metric : rest.get(base)) {
      String id = metric.path("id").asText();
      if (id.endsWith(".statefunLoggingCheckpoint")) {
        ids.add(URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
      }
    }
    Map<Integer, Long> logging = new HashMap<>();
    if (!ids.isEmpty()) {
      for (JsonNode metric : rest.get(base + "?get=" + String.join(",", ids))) {
        String id = metric.path("id").asText();
        String value = metric.path("value").asText();
        if (!value.isEmpty()) {
          logging.put(Integer.parseInt(id.substring(0, id.indexOf('.'))), Long.parseLong(value));
        }
      }
    }
    return logging;
  }

  @Override
  public void close() throws Exception {
    producer.shutdownNow();
    try {
      if (output != null) {
        output.close();
      }
    } finally {
      cluster.stop();
    }
  }
}
