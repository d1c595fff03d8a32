package org.statefun.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * Standalone (no Flink context, as under {@code bin/statefun run}): the embedded cluster's web UI
 * port and the module jars in {@code pipeline.jars}. Nothing here starts a cluster.
 */
class JobEnvironmentTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @Test
  void shipsModuleJarsAndAnnouncesTheWebUi() {
    assertThat(JobEnvironment.isStandalone()).isTrue();
    Path jar = Path.of("/modules/a/a.jar");
    StreamExecutionEnvironment env =
        JobEnvironment.create(
            new Configuration().set(RestOptions.PORT, 0),
            List.of(jar, jar),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(env.getConfiguration().get(PipelineOptions.JARS)).containsExactly("file:/modules/a/a.jar");
    int port = env.getConfiguration().get(RestOptions.PORT);
    assertThat(port).isPositive();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("statefun: embedded Flink cluster, web UI at http://localhost:" + port + " while the job runs\n");
  }

  @Test
  void aTakenWebUiPortIsAClearStartupError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      int port = taken.getLocalPort();
      assertThatThrownBy(
              () ->
                  JobEnvironment.create(
                      new Configuration().set(RestOptions.PORT, port),
                      List.of(),
                      new PrintStream(out, true, StandardCharsets.UTF_8)))
          .isInstanceOfSatisfying(StartupException.class, e -> assertThat(e.exitCode()).isEqualTo(1))
          .hasMessage(
              "Port "
                  + port
                  + " for the Flink web UI is already in use (another Flink cluster or statefun job?)."
                  + " Stop it, or choose another port with -Drest.port="
                  + (port + 1)
                  + " (0 picks a free one).");
    }
  }
}
