package org.statefun.examples.greeter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.testing.MiniClusters;
import org.statefun.loader.testing.EntrypointRuns;
import org.statefun.loader.testing.ModuleDirectories;

/** Runs a copy of modules/greeter (module.yaml, names.txt, greeter.jar) through the entrypoint. */
class GreeterIT {

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2);

  @Test
  void greetsEveryNameWithItsVisitCount(@TempDir Path dir) throws Exception {
    ModuleDirectories.copy(Path.of("../../modules/greeter"), dir.resolve("modules"));
    assertThat(EntrypointRuns.printedLines(dir, "Hello "))
        .containsExactlyInAnyOrder(
            "Hello Alice, this is visit #1",
            "Hello Bob, this is visit #1",
            "Hello Alice, this is visit #2",
            "Hello Carol, this is visit #1",
            "Hello Alice, this is visit #3",
            "Hello Bob, this is visit #2",
            "Hello Dave, this is visit #1");
  }
}
