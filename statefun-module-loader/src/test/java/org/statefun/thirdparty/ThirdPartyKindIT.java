package org.statefun.thirdparty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.testing.MiniClusters;
import org.statefun.loader.ModuleLoadException;
import org.statefun.loader.ModuleLoader;
import org.statefun.loader.testing.EntrypointRuns;
import org.statefun.loader.testing.TestJars;

/**
 * A kind written outside the loader with its SPI alone ({@link CountdownKind}), shipped in a module
 * jar that registers it in {@code META-INF/services}, and used from module.yaml: its records reach
 * functions through its record view, and its spec problems are reported at their line.
 */
class ThirdPartyKindIT {

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2);

  /** A module whose jar holds this package's classes and registers the countdown kind. */
  private static Path countdownModule(Path dir, String ingressSpec) throws Exception {
    Path module = Files.createDirectories(dir.resolve("modules/count"));
    TestJars.ofPackage(
        module.resolve("count.jar"),
        CountdownKind.class,
        Map.of(
            "META-INF/services/org.statefun.loader.spi.IngressKind",
            CountdownKind.class.getName() + "\n"));
    Files.writeString(
        module.resolve("module.yaml"),
        """
        version: 1
        functions:
          - { type: count/tally, class: org.statefun.thirdparty.Tally }
        ingresses:
          - id: count/down
            kind: countdown
            spec: %s
        routers:
          - { ingress: count/down, target: count/tally, id: key }
        egresses:
          - { id: count/out, kind: print, spec: { prefix: "count> " } }
        """
            .formatted(ingressSpec));
    return module;
  }

  @Test
  void recordsOfTheKindReachFunctionsThroughItsView(@TempDir Path dir) throws Exception {
    countdownModule(dir, "{ from: 4, label: tick }");
    List<String> lines = EntrypointRuns.printedLines(dir, "count> ");
    // "count> <key> <value> <count of that key so far>": the order within a key is up to the
    // source.
    assertThat(lines.stream().map(line -> line.substring(0, line.lastIndexOf(' '))))
        .containsExactlyInAnyOrder(
            "count> odd tick 1", "count> odd tick 3", "count> even tick 2", "count> even tick 4");
    assertThat(
            lines.stream()
                .filter(line -> line.startsWith("count> odd "))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1)))
        .containsExactlyInAnyOrder("1", "2");
    assertThat(
            lines.stream()
                .filter(line -> line.startsWith("count> even "))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1)))
        .containsExactlyInAnyOrder("1", "2");
  }

  @Test
  void problemsOfItsSpecAreReportedAtTheirLine(@TempDir Path dir) throws Exception {
    countdownModule(dir, "{ from: 0 }");
    assertThatThrownBy(
            () ->
                new ModuleLoader(getClass().getClassLoader(), Map.of())
                    .load(dir.resolve("modules"), Map.of()))
        .isInstanceOfSatisfying(
            ModuleLoadException.class,
            e ->
                assertThat(e.problems().stream().map(p -> p.describe(dir.resolve("modules"))))
                    .containsExactly(
                        "count/module.yaml:7:11: ingresses[0].spec is missing the required key 'label' (a word to print before each number)",
                        "count/module.yaml:7:19: 'ingresses[0].spec.from' must be at least 1, got 0"));
  }

  @Test
  void theKindNamesNothingOfTheLoaderButItsSpi() throws Exception {
    Path sources = Path.of("src/test/java/org/statefun/thirdparty");
    List<String> references;
    try (var files = Files.list(sources)) {
      references =
          files
              .filter(f -> !f.getFileName().toString().endsWith("IT.java"))
              .flatMap(
                  f -> Pattern.compile("org\\.statefun\\.loader\\.\\w+").matcher(read(f)).results())
              .map(m -> m.group())
              .distinct()
              .toList();
    }
    assertThat(references).containsOnly("org.statefun.loader.spi").isNotEmpty();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
