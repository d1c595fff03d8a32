package org.statefun.distribution.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The few calls of Flink's REST API the cluster command and its tests need. A JobManager that does
 * not answer, or answers 503 (not ready yet), is an {@link IOException}; a request Flink refuses is
 * a {@link ClusterException} whose message is the innermost cause Flink reports, in one line.
 */
public final class FlinkRest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String url;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A client for the JobManager whose REST API is at {@code url} (e.g. http://localhost:8081). */
  public FlinkRest(String url) {
    this.url = url;
  }

  /** The base URL, which is also the web UI's. */
  public String url() {
    return url;
  }

  /** The web UI page of a running (or restarting) job {@code jobId}. */
  public String jobPage(String jobId) {
    return url + "/#/job/running/" + jobId + "/overview";
  }

  /** The web UI page of job {@code jobId} in {@code state} (finished jobs have their own pages). */
  public String jobPage(String jobId, String state) {
    return switch (state) {
      case "FINISHED", "FAILED", "CANCELED" -> url + "/#/job/completed/" + jobId + "/overview";
      default -> jobPage(jobId);
    };
  }

  /** {@code GET /overview}: TaskManagers, slots, jobs by state. */
  public JsonNode overview() throws IOException, InterruptedException {
    return get("/overview");
  }

  /** Whether a JobManager answers at all. */
  public boolean answers() throws InterruptedException {
    try {
      overview();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code GET path} as JSON; Flink's errors become a {@link ClusterException}. */
  public JsonNode get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url + path)).GET());
  }

  /** {@code POST path} with a JSON body. */
  public JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(url + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
  }

  /** {@code POST /jars/upload} with the multipart field {@code jarfile}; returns the jar id. */
  public String uploadJar(Path jar) throws IOException, InterruptedException {
    String boundary = "statefun-" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName()
                + "\"\r\nContent-Type: application/java-archive\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.write(Files.readAllBytes(jar));
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    JsonNode uploaded =
        send(
            HttpRequest.newBuilder(URI.create(url + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    String file = uploaded.path("filename").asText();
    if (file.isEmpty()) {
      throw new ClusterException("the JobManager did not accept " + jar + ": " + uploaded);
    }
    return Path.of(file).getFileName().toString();
  }

  /**
   * {@code POST /jars/:id/run}: runs the uploaded jar's main class with {@code args}.
   *
   * @param savepoint a savepoint or retained checkpoint to start from, or null
   * @return the job id
   */
  public String runJar(
      String jarId,
      List<String> args,
      int parallelism,
      String savepoint,
      boolean allowNonRestoredState)
      throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.putPOJO("programArgsList", args);
    body.put("parallelism", parallelism);
    if (savepoint != null) {
      body.put("savepointPath", savepoint);
      body.put("allowNonRestoredState", allowNonRestoredState);
    }
    JsonNode submitted = post("/jars/" + jarId + "/run", body);
    String jobId = submitted.path("jobid").asText();
    if (jobId.isEmpty()) {
      throw new ClusterException("the JobManager returned no job id: " + submitted);
    }
    return jobId;
  }

  /** The state of job {@code jobId} (RUNNING, RESTARTING, FINISHED, …). */
  public String jobState(String jobId) throws IOException, InterruptedException {
    return get("/jobs/" + jobId).path("state").asText();
  }

  /**
   * Where each subtask of each vertex of job {@code jobId} runs: vertex name → subtask index →
   * TaskManager id.
   */
  public Map<String, Map<Integer, String>> subtaskLocations(String jobId)
      throws IOException, InterruptedException {
    Map<String, Map<Integer, String>> locations = new LinkedHashMap<>();
    for (JsonNode vertex : get("/jobs/" + jobId).path("vertices")) {
      Map<Integer, String> subtasks = new TreeMap<>();
      for (JsonNode subtask :
          get("/jobs/" + jobId + "/vertices/" + vertex.path("id").asText()).path("subtasks")) {
        subtasks.put(subtask.path("subtask").asInt(), subtask.path("taskmanager-id").asText());
      }
      locations.put(vertex.path("name").asText(), subtasks);
    }
    return locations;
  }

  /**
   * Stops job {@code jobId} with a savepoint into {@code directory} and waits for it.
   *
   * @return the savepoint's location
   */
  public String stopWithSavepoint(String jobId, String directory, Duration timeout)
      throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("targetDirectory", directory);
    body.put("drain", false);
    String trigger = post("/jobs/" + jobId + "/stop", body).path("request-id").asText();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
      if (status.path("status").path("id").asText().equals("COMPLETED")) {
        JsonNode operation = status.path("operation");
        if (operation.has("failure-cause")) {
          throw new ClusterException(
              "the savepoint failed: " + oneLine(operation.path("failure-cause").toString()));
        }
        return operation.path("location").asText();
      }
      Thread.sleep(200);
    }
    throw new ClusterException("the savepoint of job " + jobId + " took longer than " + timeout);
  }

  private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 503) {
      // e.g. "Service temporarily unavailable due to an ongoing leader election" while starting
      throw new IOException("the JobManager is not ready: " + oneLine(response.body()));
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new ClusterException(
          "the JobManager answered " + response.statusCode() + " with " + oneLine(response.body()));
    }
    if (response.statusCode() >= 400 || body.has("errors")) {
      StringBuilder errors = new StringBuilder();
      body.path("errors").forEach(e -> errors.append(e.asText()).append('\n'));
      throw new ClusterException(
          oneLine(errors.length() == 0 ? body.toString() : errors.toString()));
    }
    return body;
  }

  /**
   * The innermost cause of a Java stack trace Flink reports ("Caused by: x.Y: message", with the
   * message's further lines, such as the problems of a module.yaml) without its exception class;
   * else the first line. A message with a single further line becomes one line.
   */
  static String oneLine(String text) {
    List<String> lines = text.lines().toList();
    int cause = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().startsWith("Caused by: ")) {
        cause = i;
      }
    }
    if (cause < 0) {
      return withoutClass(
          lines.stream().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(text));
    }
    List<String> message = new ArrayList<>();
    message.add(withoutClass(lines.get(cause).strip().substring("Caused by: ".length())));
    for (String line : lines.subList(cause + 1, lines.size())) {
      String stripped = line.strip();
      if (stripped.startsWith("at ") || stripped.startsWith("... ") || stripped.isEmpty()) {
        break;
      }
      message.add(line);
    }
    if (message.size() == 2) {
      return message.get(0) + " " + message.get(1).strip();
    }
    return String.join("\n", message);
  }

  private static String withoutClass(String line) {
    int colon = line.indexOf(": ");
    if (colon > 0 && line.substring(0, colon).matches("[\\w.$]+\\.[A-Z][\\w$]*")) {
      return line.substring(colon + 2).strip();
    }
    return line.strip();
  }
}
