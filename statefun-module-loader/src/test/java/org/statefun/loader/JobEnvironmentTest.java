package org.statefun.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * Standalone (no Flink context, as under {@code bin/statefun run}): the embedded cluster's web UI
 * port and the module jars in {@code pipeline.jars}. Nothing here starts a cluster.
 */
class JobEnvironmentTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private StreamExecutionEnvironment create(Configuration configuration, List<Path> jars) {
    return JobEnvironment.create(
        configuration,
        jars,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void shipsModuleJarsAndAnnouncesTheWebUi() {
    assertThat(JobEnvironment.isStandalone()).isTrue();
    Path jar = Path.of("/modules/a/a.jar");
    StreamExecutionEnvironment env =
        create(new Configuration().set(RestOptions.PORT, 0), List.of(jar, jar));
    assertThat(env.getConfiguration().get(PipelineOptions.JARS))
        .containsExactly("file:/modules/a/a.jar");
    int port = env.getConfiguration().get(RestOptions.PORT);
    assertThat(port).isPositive();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "statefun: embedded Flink cluster, web UI at http://localhost:"
                + port
                + " while the job runs\n");
  }

  @Test
  void aTakenWebUiPortIsAClearStartupError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> create(new Configuration().set(RestOptions.PORT, port), List.of()))
          .isInstanceOfSatisfying(
              StartupException.class, e -> assertThat(e.exitCode()).isEqualTo(1))
          .hasMessage(
              "Port "
                  + port
                  + " for the Flink web UI is already in use (another Flink cluster or statefun job?)."
                  + " Stop it, or choose another port with -Drest.port="
                  + (port + 1)
                  + " (0 picks a free one).");
    }
  }

  @Test
  void aLocalRunWithoutARestartStrategyRestartsThreeTimesOneSecondApart() {
    StreamExecutionEnvironment env =
        create(new Configuration().set(RestOptions.PORT, 0), List.of());
    Configuration used = (Configuration) env.getConfiguration();
    assertThat(used.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("fixed-delay");
    assertThat(used.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS)).isEqualTo(3);
    assertThat(used.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY))
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void aRestartStrategyTheUserSetWins() {
    Configuration exponential = new Configuration();
    exponential.setString("restart-strategy.type", "exponential-delay");
    JobEnvironment.boundRestarts(exponential);
    assertThat(exponential.toMap()).isEqualTo(Map.of("restart-strategy.type", "exponential-delay"));

    Configuration deprecatedKey = new Configuration();
    deprecatedKey.setString("restart-strategy", "none");
    JobEnvironment.boundRestarts(deprecatedKey);
    assertThat(deprecatedKey.toMap()).isEqualTo(Map.of("restart-strategy", "none"));

    Configuration attemptsOnly = new Configuration();
    attemptsOnly.setString("restart-strategy.fixed-delay.attempts", "10");
    JobEnvironment.boundRestarts(attemptsOnly);
    assertThat(attemptsOnly.toMap())
        .isEqualTo(
            Map.of(
                "restart-strategy.type", "fixed-delay",
                "restart-strategy.fixed-delay.attempts", "10",
                "restart-strategy.fixed-delay.delay", "1 s"));
  }

  @Test
  void checkpointingWithoutACheckpointDirectoryGetsOneWarningLine() {
    create(
        new Configuration()
            .set(RestOptions.PORT, 0)
            .set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(10)),
        List.of());
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "statefun: WARNING: checkpointing is on but execution.checkpointing.dir is not set, so checkpoints are"
                + " kept in the JobManager's memory: at most 5 MB of state per subtask, lost when the process ends."
                + " Set -Dexecution.checkpointing.dir=file:///path/to/checkpoints to keep them on disk.\n");
  }

  @Test
  void noCheckpointStorageWarningWithoutCheckpointingOrWithAChosenStorage() {
    Duration interval = Duration.ofSeconds(10);
    assertThat(JobEnvironment.checkpointStorageWarning(new Configuration())).isEmpty();
    Configuration withDirectory =
        new Configuration().set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
    withDirectory.setString("state.checkpoints.dir", "file:///tmp/checkpoints");
    assertThat(JobEnvironment.checkpointStorageWarning(withDirectory)).isEmpty();
    Configuration withStorage =
        new Configuration().set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
    withStorage.setString("execution.checkpointing.storage", "jobmanager");
    assertThat(JobEnvironment.checkpointStorageWarning(withStorage)).isEmpty();
  }
}
