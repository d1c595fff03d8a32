package org.statefun.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.testing.MiniClusters;
import org.statefun.loader.StatefulFunctionsJob;

/**
 * A job that fails at run time, on a real MiniCluster: the entrypoint's command prints the cause as
 * one line naming function type, address, message type and exception, then where the trace is.
 */
class CommandFailuresIT {

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2);

  @Test
  void aFunctionThatThrowsEndsTheRunWithOneLine(@TempDir Path dir) throws Exception {
    Path module = Files.createDirectories(dir.resolve("modules/failing"));
    Files.writeString(
        module.resolve("module.yaml"),
        """
        version: 1
        functions: [{ type: fixtures/fragile, class: org.statefun.loader.fixtures.FailsOnTwoFunction }]
        ingresses: [{ id: fixtures/numbers, kind: sequence, spec: { from: 1, to: 3 } }]
        routers: [{ ingress: fixtures/numbers, target: fixtures/fragile }]
        """);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path log = dir.resolve("statefun-run.log");
    StatefulFunctionsJob job =
        new StatefulFunctionsJob(
            Map.of(),
            dir,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    int code = job.runCommand(Optional.of(log), "--parallelism", "2");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "statefun: the job failed: Function fixtures/fragile at address fixtures/fragile/2 failed on a"
                + " message of type java.lang.Long from an ingress: java.lang.IllegalStateException: cannot handle 2",
            "statefun: full trace in " + log);
  }
}
