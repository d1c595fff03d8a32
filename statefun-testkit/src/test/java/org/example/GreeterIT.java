package org.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.statefun.testkit.cluster.ModuleRun;
import org.statefun.testkit.cluster.ModuleRunResult;

class GreeterIT {

  @Test
  void greetsEveryoneExactlyOnceThroughAFailure() throws Exception {
    ModuleRunResult result =
        ModuleRun.ofModule(Path.of("src/test/modules/hello")) // module.yaml (+ jars, if any)
            .input("demo/names", List.of("Alice", "Bob", "Alice")) // instead of names.txt
            .failAfter(2) // fail once at the 2nd greeting
            .run(); // returns once quiescent

    assertThat(result.failureInjected()).isTrue();
    assertThat(result.records(GreeterFn.GREETINGS))
        .containsExactlyInAnyOrder(
            "Hello Alice, this is visit #1",
            "Hello Bob, this is visit #1",
            "Hello Alice, this is visit #2");
  }
}
