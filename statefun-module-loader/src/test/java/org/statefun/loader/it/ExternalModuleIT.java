package org.statefun.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.testing.MiniClusters;
import org.statefun.loader.testing.CounterModule;
import org.statefun.loader.testing.EntrypointRuns;

/**
 * A module directory outside the repository, holding only module.yaml and a jar built against
 * statefun-core, runs through the universal entrypoint: the jar's classes are not on the test class
 * path, so they reach the MiniCluster's TaskManager only as a shipped user jar.
 */
class ExternalModuleIT {

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2);

  @Test
  void moduleDirectoryWithYamlAndJarOnlyRuns(@TempDir Path outside) throws Exception {
    CounterModule.write(outside.resolve("modules"), "ext> ", "a\nb\na\nc\na\nb\n");

    assertThat(EntrypointRuns.printedLines(outside, "ext> "))
        .containsExactlyInAnyOrder(
            "ext> a#1 own",
            "ext> b#1 own",
            "ext> a#2 own",
            "ext> c#1 own",
            "ext> a#3 own",
            "ext> b#2 own");
  }
}
