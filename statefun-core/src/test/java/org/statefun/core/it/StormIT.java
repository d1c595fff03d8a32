package org.statefun.core.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A fan-out storm whose backlog is several times the heap ({@link StormJob}: one record, a million
 * leaf messages of ~150 bytes each, at least twice that as objects) runs in a JVM with a 192 MB
 * heap. The queues spill to disk, checkpoints keep completing during the storm, and every leaf is
 * handled once.
 */
class StormIT {

  static final String HEAP = "-Xmx192m";

  @Test
  void aStormLargerThanTheHeapSpillsAndCompletesWithCheckpointsDuringIt() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                HEAP,
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                StormJob.class.getName()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> output = new ArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  synchronized (output) {
                    output.add(line);
                  }
                }
              } catch (Exception e) {
                // the process ended
              }
            });
    reader.start();
    boolean ended = process.waitFor(8, TimeUnit.MINUTES);
    if (!ended) {
      process.destroyForcibly();
    }
    reader.join(10_000);
    List<String> lines;
    synchronized (output) {
      lines = List.copyOf(output);
    }
    assertThat(ended).as("the storm job ended within 8 minutes; output:\n" + tail(lines)).isTrue();
    assertThat(process.exitValue()).as("exit code; output:\n" + tail(lines)).isZero();
    String result =
        lines.stream()
            .filter(l -> l.startsWith("RESULT "))
            .findFirst()
            .orElseThrow(() -> new AssertionError(tail(lines)));
    System.out.println("StormIT (" + HEAP + "): " + result);
    Map<String, Long> figures = new HashMap<>();
    for (String pair : result.substring("RESULT ".length()).split(" ")) {
      String[] kv = pair.split("=");
      figures.put(kv[0], Long.parseLong(kv[1]));
    }
    assertThat(figures.get("leaves")).isEqualTo(StormJob.LEAVES);
    assertThat(figures.get("spilledBytes")).as("the backlog went to disk").isGreaterThan(0);
    assertThat(figures.get("commitsAt90"))
        .as("sink commits (two per completed checkpoint) before 90% of the storm was handled")
        .isGreaterThanOrEqualTo(4);
  }

  private static String tail(List<String> lines) {
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
