package org.statefun.distribution.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.loader.testing.TestJars;

/**
 * Bounded memory under a fan-out storm on a real multi-process cluster: a JobManager and two
 * TaskManagers × 2 slots with a small heap each (framework heap 64 MB + a derived task heap of
 * about 112 MB), the universal job at parallelism 4, checkpoints every second, no restart strategy,
 * and statefun memory budgets of 2 MB per subtask for the loop and for the queue.
 *
 * <p>The storm, as the issue asks: {@value #SEEDS} seed record (a bounded {@code sequence} ingress)
 * fans out to {@value #FAN_OUT} messages, each of those to {@value #FAN_OUT} more, and each of
 * those to {@value #FAN_OUT} leaves: three levels of 100 sends, a million leaves. Every message
 * carries {@value #PADDING} bytes of padding and goes to an address of its own (most cross
 * subtasks, half of those TaskManagers): about 520 MB of serialized messages, three times either
 * TaskManager's heap (about 176 MB); 720–850 MB were spilled in the runs that admitted this test
 * (messages spill more than once: channel, then queue). Each leaf writes one record to a
 * deliberately slow egress (a test sink in the module's jar, at most {@value #RECORDS_PER_SECOND}
 * records per second per subtask), so the job backpressures and the backlog has to wait in the
 * loop.
 *
 * <p>Asserted: every leaf record arrives at the egress exactly once; at least {@value
 * #MIN_CHECKPOINTS} checkpoints complete while the storm runs and none fails between two completed
 * ones (durations and failures are printed, and where the first checkpoint's time went, per
 * operator); the job finishes without a restart; the TaskManagers' sampled peak heap stays below
 * their maximum heap; the loop spilled (statefun's {@code statefunChannelSpilledBytes} / {@code
 * statefunQueueSpilledBytes} metrics, and spill files seen in the TaskManagers' temporary
 * directories during the run); the checkpoint logs spilled, and no log spill file (named after its
 * checkpoint) is seen once its checkpoint has completed; and once the job has finished, no spill
 * file is left at all.
 */
class FanOutStormIT {

  static final int SEEDS = 1;
  static final int FAN_OUT = 100;
  static final int LEAVES = SEEDS * FAN_OUT * FAN_OUT * FAN_OUT;
  static final int PADDING = 500;
  static final int RECORDS_PER_SECOND = 5000;
  static final int MIN_CHECKPOINTS = 5;
  private static final int PARALLELISM = 4;
  private static final Duration TIMEOUT = Duration.ofMinutes(8);
  private static final Pattern LOG_SPILL_FILE =
      Pattern.compile("statefun-feedback-log-(\\d+)-\\d+\\.spill");

  static final String FAN =
      """
      package storm;

      import org.statefun.sdk.Context;
      import org.statefun.sdk.FunctionType;
      import org.statefun.sdk.StatefulFunction;
      import org.statefun.sdk.io.EgressIdentifier;

      public class Fan implements StatefulFunction {
        static final FunctionType FAN = new FunctionType("storm", "fan");
        static final EgressIdentifier<String> OUT = new EgressIdentifier<>(String.class, "storm", "out");
        static final String PADDING = "p".repeat(PADDING_BYTES);

        @Override
        public void invoke(Context context, Object message) {
          String path;
          int depth;
          if (message instanceof Long seed) {
            path = "s" + seed;
            depth = 0;
          } else {
            String text = (String) message;
            path = text.substring(0, text.indexOf('|'));
            depth = (int) path.chars().filter(c -> c == '.').count();
          }
          if (depth == 3) {
            context.send(OUT, path);
            return;
          }
          for (int i = 0; i < FAN_OUT; i++) {
            String child = path + "." + i;
            context.send(FAN, child, child + "|" + PADDING);
          }
        }
      }
      """
          .replace("PADDING_BYTES", Integer.toString(PADDING))
          .replace("FAN_OUT", Integer.toString(FAN_OUT));

  /** A sink that appends one line per record to a file per subtask, throttled. */
  static final String SLOW_SINK =
      """
      package storm;

      import java.io.BufferedWriter;
      import java.io.IOException;
      import java.nio.charset.StandardCharsets;
      import java.nio.file.Files;
      import java.nio.file.Path;
      import java.nio.file.StandardOpenOption;
      import org.apache.flink.api.connector.sink2.Sink;
      import org.apache.flink.api.connector.sink2.SinkWriter;
      import org.apache.flink.api.connector.sink2.WriterInitContext;

      public class SlowSink implements Sink<Object> {
        private final String directory;
        private final int perSecond;

        public SlowSink(String directory, int perSecond) {
          this.directory = directory;
          this.perSecond = perSecond;
        }

        @Override
        public SinkWriter<Object> createWriter(WriterInitContext context) throws IOException {
          Path file = Path.of(directory, "egress-" + context.getTaskInfo().getIndexOfThisSubtask()
              + "-" + context.getTaskInfo().getAttemptNumber() + ".txt");
          BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
              StandardOpenOption.CREATE, StandardOpenOption.APPEND);
          int batch = Math.max(1, perSecond / 100);
          return new SinkWriter<>() {
            long written;

            @Override
            public void write(Object element, Context ctx) throws IOException, InterruptedException {
              out.write(element.toString());
              out.newLine();
              if (++written % batch == 0) {
                Thread.sleep(10); // the throttle: at most perSecond records a second
              }
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
              out.flush();
            }

            @Override
            public void close() throws IOException {
              out.close();
            }
          };
        }
      }
      """;

  static final String SLOW_KIND =
      """
      package storm;

      import java.util.List;
      import org.statefun.core.io.SinkEgressSpec;
      import org.statefun.loader.spi.ComponentId;
      import org.statefun.loader.spi.EgressKind;
      import org.statefun.loader.spi.SpecReader;
      import org.statefun.sdk.io.EgressIdentifier;
      import org.statefun.sdk.io.EgressSpec;

      public class SlowEgressKind implements EgressKind {
        @Override
        public String kind() {
          return "slow-lines";
        }

        @Override
        public List<String> specKeys() {
          return List.of("path", "per-second");
        }

        @Override
        public EgressSpec<?> create(ComponentId id, SpecReader spec) {
          String path = spec.requiredString("path", "a directory").orElse("");
          long perSecond = spec.requiredLong("per-second").orElse(1L);
          spec.requireValid();
          return new SinkEgressSpec<>(
              new EgressIdentifier<>(Object.class, id.namespace(), id.name()),
              new SlowSink(path, (int) perSecond));
        }
      }
      """;

  @TempDir Path dir;

  @Test
  void aStormWithASlowEgressStaysBoundedSpillsAndLosesNothing() throws Exception {
    Path egress = Files.createDirectories(dir.resolve("egress"));
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    writeModule(dir.resolve("modules"), egress);
    LocalFlinkCluster cluster = TestClusters.in(dir.resolve("cluster"));
    try {
      TestClusters.start(
          cluster,
          port ->
              new ClusterConfiguration.Settings(
                  2,
                  2,
                  port,
                  Map.ofEntries(
                      // Heap = framework heap + task heap (derived: 768 - 192 overhead - 256
                      // metaspace
                      // - 64 network - 64 framework off-heap - managed - 64 framework heap).
                      Map.entry("taskmanager.memory.process.size", "768m"),
                      Map.entry("taskmanager.memory.framework.heap.size", "64m"),
                      Map.entry("taskmanager.memory.framework.off-heap.size", "64m"),
                      Map.entry("taskmanager.memory.managed.fraction", "0.05"),
                      Map.entry("io.tmp.dirs", tmp.toString()),
                      Map.entry("metrics.fetcher.update-interval", "500"),
                      Map.entry("web.checkpoints.history", "1000"),
                      Map.entry("restart-strategy.type", "none"))),
          Duration.ofMinutes(3));
      FlinkRest rest = cluster.rest();
      long start = System.nanoTime();
      String jobId =
          TestClusters.submitJob(
              rest,
              List.of(
                  "--modules",
                  dir.resolve("modules").toString(),
                  "-Dexecution.checkpointing.interval=1s",
                  "-Dstatefun.feedback.memory.size=2mb",
                  "-Dstatefun.dispatch.queue.memory.size=2mb"),
              PARALLELISM);

      Map<String, Long> peakHeap = new HashMap<>();
      Map<String, Long> maxHeap = new HashMap<>();
      Map<String, Long> spilled = new HashMap<>();
      int maxSpillFiles = 0;
      long maxSpillFileBytes = 0;
      long completedWhileRunning = 0;
      Set<Long> logSpilledCheckpoints = new java.util.TreeSet<>();
      List<String> logFilesOfCompletedCheckpoints = new ArrayList<>();
      Set<Long> completedIds = Set.of();
      String state;
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (true) {
        state = rest.jobState(jobId);
        if (state.equals("FINISHED") || state.equals("FAILED") || state.equals("CANCELED")) {
          break;
        }
        assertThat(System.nanoTime())
            .as("the storm ends within %s (job %s)", TIMEOUT, state)
            .isLessThan(deadline);
        sampleHeap(rest, peakHeap, maxHeap);
        if (state.equals("RUNNING")) {
          sampleSpilledBytes(rest, jobId, spilled);
          JsonNode checkpoints = rest.get("/jobs/" + jobId + "/checkpoints");
          completedWhileRunning =
              Math.max(
                  completedWhileRunning, checkpoints.path("counts").path("completed").asLong());
          completedIds = completedIds(checkpoints);
        }
        // Listed after the completed checkpoints were read: a log file of one of them that is
        // still there was left behind.
        List<Path> files = spillFiles(tmp);
        for (Path file : files) {
          Matcher log = LOG_SPILL_FILE.matcher(file.getFileName().toString());
          if (log.matches()) {
            long checkpoint = Long.parseLong(log.group(1));
            logSpilledCheckpoints.add(checkpoint);
            if (completedIds.contains(checkpoint)) {
              logFilesOfCompletedCheckpoints.add(file.getFileName().toString());
            }
          }
        }
        maxSpillFiles = Math.max(maxSpillFiles, files.size());
        maxSpillFileBytes = Math.max(maxSpillFileBytes, totalSize(files));
        Thread.sleep(200); // sampling pace, not synchronisation
      }
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      assertThat(state)
          .as("job state; exceptions: %s", rest.get("/jobs/" + jobId + "/exceptions"))
          .isEqualTo("FINISHED");

      JsonNode checkpoints = rest.get("/jobs/" + jobId + "/checkpoints");
      List<String> durations = new ArrayList<>();
      List<String> failures = new ArrayList<>();
      long firstCompleted = Long.MAX_VALUE;
      long lastCompleted = Long.MIN_VALUE;
      for (JsonNode checkpoint : checkpoints.path("history")) {
        long id = checkpoint.path("id").asLong();
        if (checkpoint.path("status").asText().equals("COMPLETED")) {
          durations.add(0, checkpoint.path("end_to_end_duration").asLong() + "");
          firstCompleted = Math.min(firstCompleted, id);
          lastCompleted = Math.max(lastCompleted, id);
        }
      }
      List<Long> failedInBetween = new ArrayList<>();
      for (JsonNode checkpoint : checkpoints.path("history")) {
        long id = checkpoint.path("id").asLong();
        if (checkpoint.path("status").asText().equals("FAILED")) {
          failures.add(0, id + ": " + checkpoint.path("failure_message").asText());
          if (id > firstCompleted && id < lastCompleted) {
            failedInBetween.add(id);
          }
        }
      }
      List<String> leaves = readEgress(egress);
      long spilledBytes = spilled.values().stream().mapToLong(Long::longValue).sum();
      System.out.printf(
          "FanOutStormIT: %d leaves in %d s; peak heap per TaskManager %s MB of max %s MB;"
              + " spilled %d bytes (%s); at most %d spill files (%d MB) at once in the TaskManagers'"
              + " tmp dirs; checkpoints whose loop log spilled %s; %d checkpoints completed while"
              + " running (counts %s), durations ms %s; failed checkpoints %s%n",
          leaves.size(),
          seconds,
          mb(peakHeap),
          mb(maxHeap),
          spilledBytes,
          spilled,
          maxSpillFiles,
          maxSpillFileBytes >> 20,
          logSpilledCheckpoints,
          completedWhileRunning,
          checkpoints.path("counts"),
          durations,
          failures);

      if (firstCompleted != Long.MAX_VALUE) {
        System.out.printf(
            "FanOutStormIT: checkpoint %d by operator, max over subtasks in ms: %s%n",
            firstCompleted, phases(rest, jobId, firstCompleted));
      }

      assertThat(leaves.size()).as("egress records").isEqualTo(LEAVES);
      assertThat(new HashSet<>(leaves)).as("distinct egress records").hasSize(LEAVES);
      assertThat(leaves).allMatch(l -> l.matches("s1\\.\\d{1,2}\\.\\d{1,2}\\.\\d{1,2}"));
      assertThat(completedWhileRunning)
          .as("checkpoints completed during the storm")
          .isGreaterThanOrEqualTo(MIN_CHECKPOINTS);
      assertThat(failedInBetween)
          .as("checkpoints failed between completed ones (failures: %s)", failures)
          .isEmpty();
      assertThat(checkpoints.path("counts").path("restored").asLong()).as("restores").isZero();
      assertThat(peakHeap).as("heap samples").hasSize(2);
      peakHeap.forEach(
          (tm, peak) -> assertThat(peak).as("peak heap of %s", tm).isLessThan(maxHeap.get(tm)));
      assertThat(spilledBytes).as("bytes the loop spilled").isPositive();
      assertThat(maxSpillFiles).as("spill files seen during the storm").isPositive();
      assertThat(logSpilledCheckpoints).as("checkpoints whose loop log spilled").isNotEmpty();
      assertThat(logFilesOfCompletedCheckpoints)
          .as("loop log spill files seen after their checkpoint had completed")
          .isEmpty();
      assertThat(spillFiles(tmp)).as("spill files left after the job ended").isEmpty();
    } finally {
      cluster.stop();
    }
  }

  private static void writeModule(Path modules, Path egress) throws IOException {
    Path module = Files.createDirectories(modules.resolve("storm"));
    TestJars.build(
        module.resolve("storm.jar"),
        Map.of(
            "storm.Fan", FAN,
            "storm.SlowSink", SLOW_SINK,
            "storm.SlowEgressKind", SLOW_KIND),
        Map.of("META-INF/services/org.statefun.loader.spi.EgressKind", "storm.SlowEgressKind\n"));
    Files.writeString(
        module.resolve("module.yaml"),
        """
        version: 1
        functions:
          - type: storm/fan
            class: storm.Fan
        ingresses:
          - id: storm/seeds
            kind: sequence
            spec: { from: 1, to: SEEDS }
        routers:
          - ingress: storm/seeds
            target: storm/fan
            id: value
        egresses:
          - id: storm/out
            kind: slow-lines
            spec: { path: "EGRESS", per-second: RATE }
        """
            .replace("SEEDS", Integer.toString(SEEDS))
            .replace("EGRESS", egress.toString())
            .replace("RATE", Integer.toString(RECORDS_PER_SECOND)));
  }

  /**
   * Where a checkpoint's time went, per vertex (max over subtasks): the barrier's arrival (start
   * delay), the synchronous and asynchronous parts (the loop head's async part waits for the tail's
   * marker), and the acknowledgement.
   */
  private static List<String> phases(FlinkRest rest, String jobId, long checkpoint)
      throws Exception {
    List<String> phases = new ArrayList<>();
    for (JsonNode vertex : rest.get("/jobs/" + jobId).path("vertices")) {
      JsonNode subtasks =
          rest.get(
                  "/jobs/"
                      + jobId
                      + "/checkpoints/details/"
                      + checkpoint
                      + "/subtasks/"
                      + vertex.path("id").asText())
              .path("subtasks");
      long start = 0;
      long sync = 0;
      long async = 0;
      long ack = 0;
      long size = 0;
      for (JsonNode subtask : subtasks) {
        start = Math.max(start, subtask.path("start_delay").asLong());
        sync = Math.max(sync, subtask.path("checkpoint").path("sync").asLong());
        async = Math.max(async, subtask.path("checkpoint").path("async").asLong());
        ack = Math.max(ack, subtask.path("end_to_end_duration").asLong());
        size += subtask.path("state_size").asLong();
      }
      phases.add(
          String.format(
              "%s: barrier %d, sync %d, async %d, ack %d, %d MB",
              vertex.path("name").asText(), start, sync, async, ack, size >> 20));
    }
    return phases;
  }

  private static Set<Long> completedIds(JsonNode checkpoints) {
    Set<Long> ids = new HashSet<>();
    for (JsonNode checkpoint : checkpoints.path("history")) {
      if (checkpoint.path("status").asText().equals("COMPLETED")) {
        ids.add(checkpoint.path("id").asLong());
      }
    }
    return ids;
  }

  /** Heap used and max of every TaskManager, peaks kept. */
  private static void sampleHeap(FlinkRest rest, Map<String, Long> peak, Map<String, Long> max)
      throws Exception {
    for (JsonNode tm : rest.get("/taskmanagers").path("taskmanagers")) {
      String id = tm.path("id").asText();
      for (JsonNode metric :
          rest.get(
              "/taskmanagers/"
                  + id
                  + "/metrics?get=Status.JVM.Memory.Heap.Used,Status.JVM.Memory.Heap.Max")) {
        long value = metric.path("value").asLong();
        Map<String, Long> into = metric.path("id").asText().endsWith("Used") ? peak : max;
        into.merge(id, value, Math::max);
      }
    }
  }

  /** statefun's spilled-bytes gauges of every subtask (cumulative), highest values kept. */
  private static void sampleSpilledBytes(FlinkRest rest, String jobId, Map<String, Long> spilled)
      throws Exception {
    for (JsonNode vertex : rest.get("/jobs/" + jobId).path("vertices")) {
      String base = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/metrics";
      List<String> ids = new ArrayList<>();
      for (JsonNode metric : rest.get(base)) {
        String id = metric.path("id").asText();
        if (id.endsWith("SpilledBytes")) {
          ids.add(id);
        }
      }
      if (ids.isEmpty()) {
        continue;
      }
      String get =
          ids.stream()
              .map(i -> URLEncoder.encode(i, StandardCharsets.UTF_8).replace("+", "%20"))
              .collect(Collectors.joining(","));
      for (JsonNode metric : rest.get(base + "?get=" + get)) {
        String value = metric.path("value").asText();
        if (!value.isEmpty()) {
          spilled.merge(metric.path("id").asText(), Long.parseLong(value), Math::max);
        }
      }
    }
  }

  /** statefun's spill files (channel, queue, log) under the TaskManagers' temporary directories. */
  private static List<Path> spillFiles(Path tmp) throws IOException {
    try (Stream<Path> files = Files.walk(tmp)) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("statefun-"))
          .filter(f -> f.getFileName().toString().endsWith(".spill"))
          .toList();
    } catch (java.io.UncheckedIOException e) {
      return spillFiles(tmp); // a file vanished during the walk; walk again
    }
  }

  private static long totalSize(List<Path> files) {
    long total = 0;
    for (Path file : files) {
      try {
        total += Files.size(file);
      } catch (IOException e) {
        // deleted meanwhile
      }
    }
    return total;
  }

  private static List<String> readEgress(Path egress) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(egress)) {
      for (Path file : files.sorted().toList()) {
        lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
      }
    }
    return lines;
  }

  private static String mb(Map<String, Long> bytes) {
    Set<String> out = new java.util.TreeSet<>();
    bytes.values().forEach(b -> out.add(Long.toString(b >> 20)));
    return String.join("/", out);
  }
}
