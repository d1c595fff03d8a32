package org.statefun.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.testing.MiniClusters;
import org.statefun.loader.testing.EntrypointRuns;
import org.statefun.loader.testing.TestJars;

/**
 * A module directory outside the repository, holding only module.yaml and a jar built against
 * statefun-core, runs through the universal entrypoint: the jar's classes are not on the test
 * class path, so they reach the MiniCluster's TaskManager only as a shipped user jar.
 */
class ExternalModuleIT {

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2);

  static final String COUNTER =
      """
      package ext;

      import org.statefun.sdk.Context;
      import org.statefun.sdk.StatefulFunction;
      import org.statefun.sdk.io.EgressIdentifier;
      import org.statefun.sdk.state.Persisted;
      import org.statefun.sdk.state.PersistedValue;

      public class Counter implements StatefulFunction {
        static final EgressIdentifier<String> OUT = new EgressIdentifier<>(String.class, "ext", "out");
        @Persisted final PersistedValue<Integer> seen = PersistedValue.of("seen", Integer.class);

        @Override
        public void invoke(Context context, Object message) {
          int n = seen.updateAndGet(v -> v == null ? 1 : v + 1);
          String loader = Thread.currentThread().getContextClassLoader() == getClass().getClassLoader() ? "own" : "other";
          context.send(OUT, message + "#" + n + " " + loader);
        }
      }
      """;

  @Test
  void moduleDirectoryWithYamlAndJarOnlyRuns(@TempDir Path outside) throws Exception {
    Path modules = outside.resolve("modules");
    Path module = modules.resolve("ext");
    Files.createDirectories(module);
    TestJars.build(module.resolve("ext.jar"), Map.of("ext.Counter", COUNTER), Map.of());
    Files.writeString(module.resolve("words.txt"), "a\nb\na\nc\na\nb\n");
    Files.writeString(
        module.resolve("module.yaml"),
        """
        version: 1
        functions:
          - type: ext/counter
            class: ext.Counter
        ingresses:
          - id: ext/words
            kind: file
            spec: { path: words.txt }
        routers:
          - ingress: ext/words
            target: ext/counter
        egresses:
          - id: ext/out
            kind: print
            spec: { prefix: "ext> " }
        """);

    assertThat(EntrypointRuns.printedLines(outside, "ext> "))
        .containsExactlyInAnyOrder(
            "ext> a#1 own", "ext> b#1 own", "ext> a#2 own", "ext> c#1 own", "ext> a#3 own", "ext> b#2 own");
  }
}
