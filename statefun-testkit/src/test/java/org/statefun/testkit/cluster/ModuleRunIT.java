package org.statefun.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.loader.ModuleLoadException;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.spi.StatefulFunctionModule;

/**
 * ModuleRun on a local MiniCluster per run (no extension): Java modules and modules directories.
 */
class ModuleRunIT {

  static final IngressIdentifier<String> WORDS =
      new IngressIdentifier<>(String.class, "kit", "words");
  static final List<String> INPUT = List.of("a", "b", "a", "c", "a", "b", "d", "a");

  /** Binds the counter and total; its own ingress yields nothing, the tests give the input. */
  static final StatefulFunctionModule JAVA_MODULE =
      (config, binder) -> {
        binder.bindIngress(
            new SourceIngressSpec<>(
                WORDS,
                new DataGeneratorSource<>(
                    (GeneratorFunction<Long, String>) i -> "unused", 0, Types.STRING)));
        binder.bindIngressRouter(WORDS, (word, down) -> down.forward(WordCounter.TYPE, word, word));
        binder.bindFunctionProvider(WordCounter.TYPE, t -> new WordCounter());
        binder.bindFunctionProvider(WordCounter.Total.TYPE, t -> new WordCounter.Total());
        binder.bindEgress(
            new SinkEgressSpec<>(
                WordCounter.COUNTS,
                new org.apache.flink.api.connector.sink2.Sink<Object>() {
                  @Override
                  public org.apache.flink.api.connector.sink2.SinkWriter<Object> createWriter(
                      org.apache.flink.api.connector.sink2.WriterInitContext context) {
                    throw new AssertionError("ModuleRun replaces every egress");
                  }
                }));
        binder.bindEgress(
            new SinkEgressSpec<>(
                WordCounter.Total.TOTALS,
                new org.apache.flink.api.connector.sink2.Sink<Object>() {
                  @Override
                  public org.apache.flink.api.connector.sink2.SinkWriter<Object> createWriter(
                      org.apache.flink.api.connector.sink2.WriterInitContext context) {
                    throw new AssertionError("ModuleRun replaces every egress");
                  }
                }));
      };

  /** What the counter reports for {@code words}: {@code w#n} and {@code late w#n} each. */
  static List<Object> expectedCounts(List<String> words) {
    Map<String, Integer> counts = new HashMap<>();
    List<Object> expected = new ArrayList<>();
    for (String word : words) {
      int n = counts.merge(word, 1, Integer::sum);
      expected.add(word + "#" + n);
      expected.add("late " + word + "#" + n);
    }
    return expected;
  }

  static List<Object> expectedTotals(int words) {
    List<Object> expected = new ArrayList<>();
    for (int i = 1; i <= words; i++) {
      expected.add("total " + i);
    }
    return expected;
  }

  @Test
  void aJavaModuleRunsWithTheGivenInputUntilQuiescent() throws Exception {
    ModuleRunResult result = ModuleRun.of(JAVA_MODULE).input(WORDS, INPUT).run();
    assertThat(result.egressIds()).containsExactlyInAnyOrder("kit/counts", "kit/totals");
    assertThat(result.records(WordCounter.COUNTS))
        .containsExactlyInAnyOrderElementsOf(expectedCounts(INPUT));
    assertThat(result.records("kit/totals"))
        .containsExactlyInAnyOrderElementsOf(expectedTotals(INPUT.size()));
    assertThat(result.failureInjected()).isFalse();
  }

  @Test
  void anInjectedFailureLeavesTheResultExact() throws Exception {
    ModuleRunResult result = ModuleRun.of(JAVA_MODULE).input(WORDS, INPUT).failAfter(10).run();
    assertThat(result.failureInjected()).isTrue();
    assertThat(result.records(WordCounter.COUNTS))
        .containsExactlyInAnyOrderElementsOf(expectedCounts(INPUT));
    assertThat(result.records("kit/totals"))
        .containsExactlyInAnyOrderElementsOf(expectedTotals(INPUT.size()));
  }

  @Test
  void aFailureThatNeverStruckFailsTheRun() {
    assertThatThrownBy(() -> ModuleRun.of(JAVA_MODULE).input(WORDS, INPUT).failAfter(1000).run())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("failAfter(1000)")
        .hasMessageContaining("only 24 egress records");
  }

  @Test
  void inputForAnUnboundIngressIsRefused() {
    assertThatThrownBy(() -> ModuleRun.of(JAVA_MODULE).input("kit/nope", List.of("x")).run())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kit/nope")
        .hasMessageContaining("[kit/words]");
  }

  private static Path counterModule(Path modules) throws Exception {
    Path module = modules.resolve("counting");
    Files.createDirectories(module);
    Files.writeString(module.resolve("words.txt"), "x\ny\nx\n");
    Files.writeString(
        module.resolve("module.yaml"),
        """
        version: 1
        functions:
          - type: kit/counter
            class: org.statefun.testkit.cluster.WordCounter
          - type: kit/total
            class: org.statefun.testkit.cluster.WordCounter$Total
        ingresses:
          - id: kit/words
            kind: file
            spec: { path: words.txt }
        routers:
          - ingress: kit/words
            target: kit/counter
            id: value
        egresses:
          - id: kit/counts
            kind: print
          - id: kit/totals
            kind: print
        """);
    return module;
  }

  @Test
  void aModulesDirectoryRunsWithItsOwnIngress(@TempDir Path dir) throws Exception {
    counterModule(dir.resolve("modules"));
    ModuleRunResult result = ModuleRun.of(dir.resolve("modules")).failAfter(4).run();
    assertThat(result.records("kit/counts"))
        .containsExactlyInAnyOrderElementsOf(expectedCounts(List.of("x", "y", "x")));
    assertThat(result.records("kit/totals")).containsExactlyInAnyOrderElementsOf(expectedTotals(3));
  }

  @Test
  void oneModuleDirectoryRunsWithGivenInput(@TempDir Path dir) throws Exception {
    Path module = counterModule(dir.resolve("modules"));
    ModuleRunResult result = ModuleRun.ofModule(module).input("kit/words", INPUT).run();
    assertThat(result.records("kit/counts"))
        .containsExactlyInAnyOrderElementsOf(expectedCounts(INPUT));
    assertThat(result.records("kit/totals"))
        .containsExactlyInAnyOrderElementsOf(expectedTotals(INPUT.size()));
    assertThat(Files.list(module).map(p -> p.getFileName().toString()))
        .as("the module directory is left as it was")
        .containsExactlyInAnyOrder("module.yaml", "words.txt");
  }

  @Test
  void modulesThatDoNotLoadReportTheirProblems(@TempDir Path dir) throws Exception {
    Path module = counterModule(dir.resolve("modules"));
    Files.writeString(
        module.resolve("module.yaml"),
        Files.readString(module.resolve("module.yaml")).replace("kind: print", "kind: prnt"));
    assertThatThrownBy(() -> ModuleRun.ofModule(module).run())
        .isInstanceOf(ModuleLoadException.class);
  }
}
