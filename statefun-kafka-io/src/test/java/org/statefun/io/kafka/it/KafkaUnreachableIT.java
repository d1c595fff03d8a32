package org.statefun.io.kafka.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.testing.MiniClusters;
import org.statefun.loader.StatefulFunctionsJob;

/**
 * A Kafka ingress or egress whose brokers do not answer fails the run once its connect timeout has
 * passed, with one line naming the bootstrap servers and the timeout, even with checkpointing on
 * and no restart strategy set (where Flink's default would restart the job forever). Nothing
 * listens on the port used: no broker is started. {@link KafkaKindsIT} covers a reachable broker.
 */
class KafkaUnreachableIT {

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2);

  /** The connect timeout of the modules, and how much longer a failing run may take. */
  static final Duration TIMEOUT = Duration.ofSeconds(3);

  static final Duration MARGIN = Duration.ofSeconds(25);

  /** Checkpointing on, no restart strategy: Flink's default restarts without end. */
  static final String[] RUN = {"--parallelism", "2", "-Dexecution.checkpointing.interval=200ms"};

  @Test
  void anIngressWithoutBrokerFailsTheRunWithinItsConnectTimeoutInOneLine(@TempDir Path dir)
      throws IOException {
    int port = freePort();
    String module =
        """
        version: 1
        functions:
          - { type: kt/any, class: org.statefun.io.kafka.it.Recorder }
        ingresses:
          - id: kt/in
            kind: kafka
            spec: { bootstrap-servers: "localhost:%d", topics: k-plain, group-id: kt-nowhere, connect-timeout: 3s }
        routers:
          - { ingress: kt/in, target: kt/any, id: key }
        egresses:
          - { id: kt/out, kind: print }
        """
            .formatted(port);
    assertRunFails(
        dir,
        module,
        "Ingress kt/in cannot reach Kafka at localhost:"
            + port
            + " (bootstrap-servers) within 3s (connect-timeout): no broker answered. Is a broker"
            + " running there? For the local one run bin/statefun kafka start");
  }

  @Test
  void anEgressWithoutBrokerFailsTheRunWithinItsConnectTimeoutInOneLine(@TempDir Path dir)
      throws IOException {
    int port = freePort();
    String module =
        """
        version: 1
        functions:
          - { type: kt/any, class: org.statefun.io.kafka.it.Recorder }
        ingresses:
          - { id: kt/numbers, kind: sequence, spec: { from: 1, to: 3 } }
        routers:
          - { ingress: kt/numbers, target: kt/any }
        egresses:
          - id: kt/out
            kind: kafka
            spec: { bootstrap-servers: "127.0.0.1:%d", topic: k-out, connect-timeout: 3s }
        """
            .formatted(port);
    assertRunFails(
        dir,
        module,
        "Egress kt/out cannot reach Kafka at 127.0.0.1:"
            + port
            + " (bootstrap-servers) within 3s (connect-timeout): no broker answered. Is a broker"
            + " running there? For the local one run bin/statefun kafka start");
  }

  /**
   * Runs {@code module} as {@code bin/statefun run} does and checks that it fails within {@link
   * #TIMEOUT} plus {@link #MARGIN}, printing exactly {@code line} (after "statefun: the job failed:
   * ") and where the trace is.
   */
  private static void assertRunFails(Path dir, String module, String line) throws IOException {
    Path modules = Files.createDirectories(dir.resolve("modules/kt"));
    Files.writeString(modules.resolve("module.yaml"), module);
    Path log = dir.resolve("statefun.log");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    StatefulFunctionsJob job =
        new StatefulFunctionsJob(
            Map.of(), dir, new PrintStream(OutputStream.nullOutputStream()), errStream);
    long start = System.nanoTime();
    int code =
        assertTimeoutPreemptively(
            TIMEOUT.plus(MARGIN).plusSeconds(30), () -> job.runCommand(Optional.of(log), RUN));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8).lines().toList())
        .containsExactly("statefun: the job failed: " + line, "statefun: full trace in " + log);
    assertThat(took).isGreaterThanOrEqualTo(TIMEOUT).isLessThan(TIMEOUT.plus(MARGIN));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
