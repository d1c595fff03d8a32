package org.statefun.examples.greeter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.statefun.testkit.cluster.ModuleRun;
import org.statefun.testkit.cluster.ModuleRunResult;

/**
 * Runs modules/greeter (module.yaml, names.txt and the built greeter.jar, whose classes are not on
 * this test's class path) on a MiniCluster with the test kit: parallelism 2, checkpoints on, until
 * the run is quiescent.
 */
class GreeterIT {

  private static final Path MODULE = Path.of("../../modules/greeter");

  @Test
  void greetsEveryNameOfNamesTxtWithItsVisitCount() throws Exception {
    ModuleRunResult result = ModuleRun.ofModule(MODULE).run();
    assertThat(result.records("demo/greetings"))
        .containsExactlyInAnyOrder(
            "Hello Alice, this is visit #1",
            "Hello Bob, this is visit #1",
            "Hello Alice, this is visit #2",
            "Hello Carol, this is visit #1",
            "Hello Alice, this is visit #3",
            "Hello Bob, this is visit #2",
            "Hello Dave, this is visit #1");
  }

  @Test
  void countsExactlyOnceThroughAFailure() throws Exception {
    ModuleRunResult result =
        ModuleRun.ofModule(MODULE)
            .input("demo/names", List.of("Eve", "Frank", "Eve", "Eve", "Frank"))
            .failAfter(3)
            .run();
    assertThat(result.failureInjected()).isTrue();
    assertThat(result.records("demo/greetings"))
        .containsExactlyInAnyOrder(
            "Hello Eve, this is visit #1",
            "Hello Frank, this is visit #1",
            "Hello Eve, this is visit #2",
            "Hello Eve, this is visit #3",
            "Hello Frank, this is visit #2");
  }
}
