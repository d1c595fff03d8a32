package org.statefun.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.loader.StatefulFunctionsJob;

/**
 * statefun's metrics as a user reads them: {@code bin/statefun run --metrics prometheus:PORT}, in
 * process (the embedded cluster of a local run, parallelism 2, checkpoints every 200 ms), runs a
 * known workload — {@value #NAMES} names through {@code MetricsFixtureFunction} — and stays up (a
 * watched ingress). The per function type, ingress and egress counters, and a user counter from
 * {@code Context.metrics()}, are read through Flink's REST API ({@code
 * /jobs/<id>/vertices/<id>/metrics}) and must be exact; Flink's Prometheus reporter serves the
 * per-function series on the port the run printed.
 */
class MetricsIT {

  private static final int NAMES = 12;
  private static final int PARALLELISM = 2;
  private static final int MAX_PARALLELISM = 128;
  private static final String TYPE = "fixtures/relay";
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private static final String MODULE =
      """
      version: 1
      functions: [{ type: fixtures/relay, class: org.statefun.loader.fixtures.MetricsFixtureFunction }]
      ingresses: [{ id: fixtures/names, kind: file, spec: { path: names, watch: 100ms } }]
      routers: [{ ingress: fixtures/names, target: fixtures/relay, id: value }]
      egresses: [{ id: fixtures/greetings, kind: print }]
      """;

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static int restPort;
  private static int prometheusPort;
  private static Thread job;
  private static final AtomicReference<Throwable> jobFailure = new AtomicReference<>();
  private static final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private static String jobId;
  private static volatile String lastScrape = "(nothing scraped)";

  @BeforeAll
  static void runTheWorkload() throws Exception {
    Files.createDirectories(dir.resolve("modules/m/names"));
    Files.writeString(dir.resolve("modules/m/module.yaml"), MODULE);
    restPort = freePort();
    prometheusPort = freePort();
    PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
    String[] args = {
      "--parallelism",
      Integer.toString(PARALLELISM),
      "--state-dir",
      dir.resolve("state").toString(),
      "--metrics",
      "prometheus:" + prometheusPort,
      "-Drest.port=" + restPort,
      "-Dpipeline.max-parallelism=" + MAX_PARALLELISM,
      "-Dexecution.checkpointing.interval=200ms",
      "-Dmetrics.fetcher.update-interval=100ms"
    };
    job =
        new Thread(
            () -> {
              try {
                new StatefulFunctionsJob(Map.of(), dir, out).run(args);
              } catch (Throwable e) {
                jobFailure.set(e);
              }
            },
            "statefun run");
    job.setDaemon(true);
    job.start();
    await("the job runs", () -> runningJob() != null);
    jobId = runningJob();
    Path names = dir.resolve("names.tmp");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < NAMES; i++) {
      lines.add("name-" + i);
    }
    Files.write(names, lines);
    Files.move(names, dir.resolve("modules/m/names/names.txt"), StandardCopyOption.ATOMIC_MOVE);
    await("every name and echo is handled", () -> sum(functionMetric("messagesIn")) == 2L * NAMES);
  }

  @AfterAll
  static void cancel() throws Exception {
    if (jobId != null) {
      HTTP.send(
          HttpRequest.newBuilder(rest("/jobs/" + jobId + "?mode=cancel"))
              .method("PATCH", HttpRequest.BodyPublishers.noBody())
              .build(),
          HttpResponse.BodyHandlers.discarding());
    }
    if (job != null) {
      job.join(TIMEOUT.toMillis());
    }
  }

  @Test
  void theRestApiReportsExactCountsPerFunctionTypeIngressAndEgress() throws Exception {
    long local = 0;
    for (int i = 0; i < NAMES; i++) {
      String id = "name-" + i;
      if (owner(id) == owner(id + "-echo")) {
        local++;
      }
    }
    Map<String, Long> metrics = new HashMap<>();
    for (String name :
        List.of(
            "messagesIn",
            "messagesOutLocal",
            "messagesOutLoop",
            "messagesOutEgress",
            "delayedMessagesPending",
            "asyncOperationsInFlight",
            "names",
            "echoes")) {
      metrics.put(name, sum(functionMetric(name)));
    }

    assertThat(metrics)
        .as("the metrics of %s summed over the subtasks (local: %s)", TYPE, local)
        .isEqualTo(
            Map.of(
                "messagesIn", 2L * NAMES,
                "messagesOutLocal", local,
                "messagesOutLoop", NAMES - local,
                "messagesOutEgress", (long) NAMES,
                "delayedMessagesPending", (long) NAMES,
                "asyncOperationsInFlight", (long) NAMES,
                "names", (long) NAMES,
                "echoes", (long) NAMES));
    assertThat(local).as("the workload goes both ways").isBetween(1L, NAMES - 1L);
    assertThat(sum(Pattern.quote("ingress.fixtures/names.recordsRouted"))).isEqualTo(NAMES);
    assertThat(sum(Pattern.quote("ingress.fixtures/names.messagesRouted"))).isEqualTo(NAMES);
    assertThat(sum(Pattern.quote("egress.fixtures/greetings.recordsWritten"))).isEqualTo(NAMES);
    assertThat(metricIds())
        .as("invocation time is a histogram of the type")
        .anyMatch(id -> id.endsWith("function." + TYPE + ".invocationTimeNanos_mean"));
  }

  @Test
  void prometheusServesThePerFunctionSeriesOnThePrintedPort() throws Exception {
    String address = "http://localhost:" + prometheusPort + "/metrics";
    assertThat(stdout.toString(StandardCharsets.UTF_8))
        .contains("statefun: metrics: Prometheus on " + address);

    String series = "flink_taskmanager_job_task_operator_function_messagesIn";
    Pattern line = Pattern.compile("^" + series + "\\{(.*)\\} ([0-9.E+]+)$", Pattern.MULTILINE);
    long[] total = {0};
    await(
        "Prometheus reports " + series + " of " + TYPE,
        () -> {
          String body = get(URI.create(address));
          lastScrape = body;
          Matcher m = line.matcher(body);
          long sum = 0;
          int subtasks = 0;
          while (m.find()) {
            if (m.group(1).contains("function=\"" + TYPE + "\"")) {
              sum += (long) Double.parseDouble(m.group(2));
              subtasks++;
            }
          }
          total[0] = sum;
          return subtasks == PARALLELISM && sum == 2L * NAMES;
        });
    assertThat(total[0]).isEqualTo(2L * NAMES);
    assertThat(get(URI.create(address)))
        .as("user counters are series of the type too")
        .containsPattern(
            "(?m)^flink_taskmanager_job_task_operator_function_names\\{[^}]*function=\""
                + TYPE
                + "\"");
  }

  // ---- helpers ----

  private static int owner(String id) {
    return KeyGroupRangeAssignment.assignKeyToParallelOperator(id, MAX_PARALLELISM, PARALLELISM);
  }

  private static String functionMetric(String name) {
    return Pattern.quote("function." + TYPE + "." + name);
  }

  private static String runningJob() {
    try {
      JsonNode jobs = json("/jobs/overview").get("jobs");
      for (JsonNode job : jobs) {
        if (job.get("state").asText().equals("RUNNING")) {
          return job.get("jid").asText();
        }
      }
    } catch (IOException e) {
      // not up yet
    }
    return null;
  }

  /** Every metric id of every vertex of the job, as {@code <vertex id> <metric id>}. */
  private static List<String> metricIds() throws IOException {
    List<String> ids = new ArrayList<>();
    for (JsonNode vertex : json("/jobs/" + jobId).get("vertices")) {
      String vertexId = vertex.get("id").asText();
      for (JsonNode metric : json("/jobs/" + jobId + "/vertices/" + vertexId + "/metrics")) {
        ids.add(vertexId + " " + metric.get("id").asText());
      }
    }
    return ids;
  }

  /**
   * The sum over every vertex and subtask of the metrics whose id ends with {@code suffix} (a
   * regex): ids are {@code <subtask>.<operator>.<groups>.<name>}.
   */
  private static long sum(String suffix) throws IOException {
    Pattern pattern = Pattern.compile("\\.(" + suffix + ")$");
    Map<String, List<String>> byVertex = new HashMap<>();
    for (String entry : metricIds()) {
      String[] parts = entry.split(" ", 2);
      if (pattern.matcher(parts[1]).find()) {
        byVertex.computeIfAbsent(parts[0], v -> new ArrayList<>()).add(parts[1]);
      }
    }
    long sum = 0;
    for (Map.Entry<String, List<String>> vertex : byVertex.entrySet()) {
      String get = URLEncoder.encode(String.join(",", vertex.getValue()), StandardCharsets.UTF_8);
      for (JsonNode metric :
          json("/jobs/" + jobId + "/vertices/" + vertex.getKey() + "/metrics?get=" + get)) {
        sum += (long) Double.parseDouble(metric.get("value").asText());
      }
    }
    return sum;
  }

  private static JsonNode json(String path) throws IOException {
    return JSON.readTree(get(rest(path)));
  }

  private static URI rest(String path) {
    return URI.create("http://localhost:" + restPort + path);
  }

  private static String get(URI uri) throws IOException {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException(uri + ": HTTP " + response.statusCode() + " " + response.body());
      }
      return response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static void await(String what, Check check) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      if (jobFailure.get() != null) {
        throw new AssertionError("the job failed: " + jobFailure.get(), jobFailure.get());
      }
      try {
        if (check.ok()) {
          return;
        }
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(100);
    }
    String scraped =
        lastScrape
            .lines()
            .filter(l -> l.contains("operator_function") || l.contains("relay"))
            .limit(40)
            .reduce("", (a, b) -> a + "\n" + b);
    throw new AssertionError(
        "timed out waiting until "
            + what
            + "; statefun metric ids: "
            + (jobId == null
                ? "-"
                : metricIds().stream().filter(id -> id.contains(".function.")).toList())
            + "; last Prometheus lines about functions:"
            + scraped,
        last);
  }

  @FunctionalInterface
  private interface Check {
    boolean ok() throws IOException;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
