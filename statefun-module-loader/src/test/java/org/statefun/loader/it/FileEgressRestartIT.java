package org.statefun.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.testing.MiniClusters;
import org.statefun.loader.testing.EntrypointRuns;
import org.statefun.loader.testing.TestJars;

/**
 * A function fails once in the middle of a rate-limited sequence (2 s at 100 records/s, checkpoints
 * every 200 ms); the job restarts from its last checkpoint. The file egress must then hold every
 * message exactly once, with the per-id counts (state) restored consistently.
 */
class FileEgressRestartIT {

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2);

  static final String COUNTING =
      """
      package boom;

      import java.nio.file.Files;
      import java.nio.file.Path;
      import org.statefun.sdk.Context;
      import org.statefun.sdk.StatefulFunction;
      import org.statefun.sdk.io.EgressIdentifier;
      import org.statefun.sdk.state.Persisted;
      import org.statefun.sdk.state.PersistedValue;

      /** Counts per id; fails once, the first time it sees 150 (a marker file remembers). */
      public class Counting implements StatefulFunction {
        static final EgressIdentifier<String> OUT = new EgressIdentifier<>(String.class, "boom", "out");
        @Persisted final PersistedValue<Integer> count = PersistedValue.of("count", Integer.class);

        @Override
        public void invoke(Context context, Object message) throws Exception {
          long value = (Long) message;
          Path marker = Path.of(System.getProperty("statefun.test.failure-marker"));
          if (value == 150 && !Files.exists(marker)) {
            Files.createFile(marker);
            throw new IllegalStateException("injected failure at 150");
          }
          int n = count.updateAndGet(c -> c == null ? 1 : c + 1);
          context.send(OUT, context.self().id() + ":" + n);
        }
      }
      """;

  static final String MODULO =
      """
      package boom;

      import org.statefun.sdk.FunctionType;
      import org.statefun.sdk.io.Router;

      /** Sends n to boom/counting at id n % 10. */
      public class ModuloRouter implements Router<Long> {
        public void route(Long n, Downstream downstream) {
          downstream.forward(new FunctionType("boom", "counting"), Long.toString(n % 10), n);
        }
      }
      """;

  @Test
  void fileEgressIsExactlyOnceAcrossARestart(@TempDir Path dir) throws Exception {
    Path module = dir.resolve("modules/boom");
    Files.createDirectories(module);
    TestJars.build(
        module.resolve("boom.jar"),
        Map.of("boom.Counting", COUNTING, "boom.ModuloRouter", MODULO),
        Map.of());
    Files.writeString(
        module.resolve("module.yaml"),
        """
        version: 1
        functions: [{ type: boom/counting, class: boom.Counting }]
        ingresses:
          - id: boom/numbers
            kind: sequence
            spec: { from: 1, to: 200, rate-per-second: 100 }
        routers:
          - { ingress: boom/numbers, class: boom.ModuloRouter }
        egresses:
          - id: boom/out
            kind: file
            spec: { path: ../../out }
        """);
    Path marker = dir.resolve("failed-once");
    System.setProperty("statefun.test.failure-marker", marker.toString());
    try {
      EntrypointRuns.run(
          dir,
          Map.of(),
          "-Drestart-strategy.type=fixed-delay",
          "-Drestart-strategy.fixed-delay.attempts=3",
          "-Drestart-strategy.fixed-delay.delay=100ms");
    } finally {
      System.clearProperty("statefun.test.failure-marker");
    }

    assertThat(marker).exists();
    List<String> expected = new ArrayList<>();
    for (int id = 0; id < 10; id++) {
      for (int n = 1; n <= 20; n++) {
        expected.add(id + ":" + n);
      }
    }
    assertThat(visibleLines(dir.resolve("out"))).containsExactlyInAnyOrderElementsOf(expected);
  }

  private static List<String> visibleLines(Path directory) throws Exception {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
        lines.addAll(Files.readAllLines(file));
      }
    }
    return lines;
  }
}
