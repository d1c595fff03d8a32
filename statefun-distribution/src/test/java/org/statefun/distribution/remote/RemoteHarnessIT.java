package org.statefun.distribution.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link RemoteFunctionsITBase} itself, with embedded functions only (no endpoint): a bounded job
 * run to its end, and an unbounded one started in the background, watched and cancelled.
 */
class RemoteHarnessIT extends RemoteFunctionsITBase {

  static final String MODULE =
      """
      version: 1
      functions:
        - type: embedded/sink
          class: org.statefun.distribution.remote.EmbeddedSink
      ingresses:
        - id: harness/numbers
          kind: file
          spec: { path: numbers.txt %s}
      routers:
        - ingress: harness/numbers
          target: embedded/sink
      egresses:
        - id: embedded/out
          kind: print
      """;

  @Test
  void runsABoundedJobToItsEnd() throws Exception {
    writeModule("harness", MODULE.formatted(""));
    writeFile("harness", "numbers.txt", "a\nb\nc\n");

    assertThat(runAndCollect("embedded ", Map.of()))
        .containsExactlyInAnyOrder(
            "embedded a a (String) from ingress",
            "embedded b b (String) from ingress",
            "embedded c c (String) from ingress");
  }

  @Test
  void startsAJobInTheBackgroundAndCancelsItAfterTheTest() throws Exception {
    writeModule("harness", MODULE.formatted(", watch: 100ms "));
    writeFile("harness", "numbers.txt", "x\ny\n");

    try (RunningJob job = start(Map.of())) {
      assertThat(job.awaitLines("embedded ", 2, WAIT))
          .containsExactlyInAnyOrder(
              "embedded x x (String) from ingress", "embedded y y (String) from ingress");
      assertThat(job.isDone()).isFalse();
    }
  }
}
