package org.statefun.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.loader.testing.CounterModule;

/**
 * The job jar on a real Flink 2.2 session cluster: a JobManager and a TaskManager process started
 * from Flink's jars only (target/flink-classpath.txt, no statefun classes), the job jar submitted
 * through the REST API with a modules directory holding module.yaml and a jar. The module's classes
 * reach the TaskManager only through pipeline.jars (Flink's blob server).
 */
class ClusterSubmissionIT {

  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The JVM flags Flink's scripts use on Java 17 (the same list as bin/statefun). */
  static final List<String> JAVA_17_FLAGS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  @Test
  void restSubmittedJobRunsModulesShippedWithIt(@TempDir Path dir) throws Exception {
    CounterModule.write(dir.resolve("modules"), "cluster> ", "Ann\nBo\nAnn\n");

    String classpath =
        Files.readString(Path.of(System.getProperty("statefun.flink.classpath"))).strip();
    int restPort = freePort();
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Files.writeString(
        conf.resolve("config.yaml"),
        String.join(
            "\n",
            "jobmanager.rpc.address: localhost",
            "jobmanager.rpc.port: " + freePort(),
            "jobmanager.bind-host: localhost",
            "jobmanager.memory.process.size: 1024m",
            "taskmanager.host: localhost",
            "taskmanager.bind-host: localhost",
            "taskmanager.numberOfTaskSlots: 2",
            "taskmanager.memory.process.size: 1280m",
            "rest.address: localhost",
            "rest.bind-address: localhost",
            "rest.port: " + restPort,
            "execution.checkpointing.interval: 500ms",
            "execution.checkpointing.dir: " + dir.resolve("checkpoints").toUri(),
            ""));
    Files.writeString(
        conf.resolve("log4j.properties"),
        "rootLogger.level = WARN\nrootLogger.appenderRef.err.ref = Err\nappender.err.name = Err\n"
            + "appender.err.type = Console\nappender.err.target = SYSTEM_ERR\n"
            + "appender.err.layout.type = PatternLayout\nappender.err.layout.pattern = %d %-5p %c - %m%n\n");

    List<Process> processes = new ArrayList<>();
    try {
      processes.add(
          start(
              dir,
              "jm",
              classpath,
              conf,
              "GET_JM_RESOURCE_PARAMS",
              "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint"));
      processes.add(
          start(
              dir,
              "tm",
              classpath,
              conf,
              "GET_TM_RESOURCE_PARAMS",
              "org.apache.flink.runtime.taskexecutor.TaskManagerRunner"));
      String rest = "http://localhost:" + restPort;
      await(
          "a TaskManager registers",
          () -> get(rest + "/overview").path("taskmanagers").asInt() == 1,
          dir);

      String jarId = upload(rest, Path.of(System.getProperty("statefun.job.jar")));
      String body =
          JSON.writeValueAsString(
              Map.of(
                  "programArgsList",
                  List.of("--modules", dir.resolve("modules").toString()),
                  "parallelism",
                  2));
      JsonNode submitted =
          post(
              rest + "/jars/" + jarId + "/run",
              "application/json",
              body.getBytes(StandardCharsets.UTF_8));
      String jobId = submitted.path("jobid").asText();
      assertThat(jobId).as("job id in %s", submitted).isNotEmpty();
      await(
          "the job finishes",
          () -> {
            String state = get(rest + "/jobs/" + jobId).path("state").asText();
            if (state.equals("FAILED")) {
              throw new AssertionError(
                  "The job failed: " + get(rest + "/jobs/" + jobId + "/exceptions"));
            }
            return state.equals("FINISHED");
          },
          dir);
      assertThat(
              Files.readAllLines(dir.resolve("tm.out")).stream()
                  .filter(l -> l.startsWith("cluster> ")))
          .containsExactlyInAnyOrder(
              "cluster> Ann#1 own", "cluster> Bo#1 own", "cluster> Ann#2 own");
    } finally {
      for (Process process : processes) {
        process.destroy();
      }
      for (Process process : processes) {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      }
    }
  }

  /** Starts a Flink process with the memory flags Flink's scripts would compute for it. */
  private static Process start(
      Path dir, String name, String classpath, Path conf, String resources, String main)
      throws Exception {
    List<String> settings = memorySettings(classpath, conf, resources);
    List<String> command = new ArrayList<>(List.of(java()));
    command.addAll(List.of(settings.get(0).split(" ")));
    command.addAll(JAVA_17_FLAGS);
    command.add("-Dlog4j.configurationFile=" + conf.resolve("log4j.properties"));
    command.addAll(List.of("-cp", classpath, main, "--configDir", conf.toString()));
    command.addAll(List.of(settings.get(1).split(" ")));
    return new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile())
        .start();
  }

  /** The JVM flags and dynamic properties of {@code BashJavaUtils}, as Flink's scripts get them. */
  private static List<String> memorySettings(String classpath, Path conf, String resources)
      throws Exception {
    Process process =
        new ProcessBuilder(
                java(),
                "-cp",
                classpath,
                "org.apache.flink.runtime.util.bash.BashJavaUtils",
                resources,
                "--configDir",
                conf.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
    List<String> results =
        output
            .lines()
            .filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
            .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()).strip())
            .toList();
    assertThat(results).as(output).hasSize(2);
    return results;
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  /** Polls {@code condition} every 200 ms until it holds, failing after {@link #TIMEOUT}. */
  private static void await(String what, Condition condition, Path dir) throws Exception {
    Instant deadline = Instant.now().plus(TIMEOUT);
    Exception last = null;
    while (Instant.now().isBefore(deadline)) {
      try {
        if (condition.holds()) {
          return;
        }
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "Timed out waiting until "
            + what
            + " (last error: "
            + last
            + "); JobManager stderr:\n"
            + tail(dir.resolve("jm.err"))
            + "\nTaskManager stderr:\n"
            + tail(dir.resolve("tm.err")));
  }

  private static String tail(Path file) throws IOException {
    if (!Files.exists(file)) {
      return "(none)";
    }
    List<String> lines = Files.readAllLines(file);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private static JsonNode post(String url, String contentType, byte[] body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  /**
   * {@code POST /jars/upload} with the jar as the multipart field {@code jarfile}; returns the jar
   * id.
   */
  private static String upload(String rest, Path jar) throws Exception {
    String boundary = "statefun-" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"statefun-job.jar\"\r\n"
                + "Content-Type: application/java-archive\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.write(Files.readAllBytes(jar));
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    JsonNode uploaded =
        post(
            rest + "/jars/upload", "multipart/form-data; boundary=" + boundary, body.toByteArray());
    String file = uploaded.path("filename").asText();
    assertThat(file).as("upload response %s", uploaded).isNotEmpty();
    return Path.of(file).getFileName().toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
