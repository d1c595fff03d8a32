package org.statefun.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigurationTest {

  @Test
  void layersConfigYamlThenPropertiesThenParallelism(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("config.yaml"),
        "parallelism.default: 4\nstatefun.module.global-config.greeting: hi\nstatefun.module.global-config.limit: 3\n");
    Configuration conf =
        JobConfiguration.load(
            JobArguments.parse("-Dstatefun.module.global-config.limit=5", "--parallelism", "2"),
            dir);
    assertThat(conf.get(CoreOptions.DEFAULT_PARALLELISM)).isEqualTo(2);
    assertThat(JobConfiguration.globalModuleConfiguration(conf))
        .isEqualTo(Map.of("greeting", "hi", "limit", "5"));
    assertThat(conf.get(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL))
        .isEqualTo(
            List.of(
                "org.statefun.sdk.",
                "org.statefun.core.",
                "org.statefun.loader.",
                "org.statefun.io.",
                "org.apache.flink.",
                "org.apache.kafka."));
  }

  @Test
  void explicitConfigDirectoryMustHoldConfigYaml(@TempDir Path dir) {
    assertThatThrownBy(
            () -> JobConfiguration.load(JobArguments.parse("--config", dir.toString()), dir))
        .isInstanceOf(StartupException.class)
        .hasMessage("--config " + dir + ": there is no config.yaml in that directory");
  }

  @Test
  void rejectsMisspelledStatefunOptions(@TempDir Path dir) {
    assertThatThrownBy(
            () -> JobConfiguration.load(JobArguments.parse("-Dstatefun.asnyc.max-per-task=5"), dir))
        .isInstanceOf(StartupException.class)
        .hasMessageStartingWith(
            "unknown option 'statefun.asnyc.max-per-task'; did you mean 'statefun.async.max-per-task'?"
                + " Statefun options: ")
        .hasMessageEndingWith(", statefun.module.global-config.<key>");
  }

  @Test
  void unknownFlinkKeysGetAWarningWithTheClosestKnownKey(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("config.yaml"), "taskmanager.numberOfTaskSlot: 2\n");
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    JobConfiguration.load(
        JobArguments.parse("-Dexecution.chekpointing.interval=1s", "-Dmy.own.setting=x"),
        dir,
        new PrintStream(warnings, true, StandardCharsets.UTF_8));
    assertThat(warnings.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "statefun: WARNING: 'execution.chekpointing.interval' (from -D) is not a Flink option and has no effect; did you mean 'execution.checkpointing.interval'?",
            "statefun: WARNING: 'my.own.setting' (from -D) is not a Flink option and has no effect",
            "statefun: WARNING: 'taskmanager.numberOfTaskSlot' (from "
                + dir.resolve("config.yaml")
                + ") is not a Flink option and has no effect; did you mean 'taskmanager.numberOfTaskSlots'?");
  }

  @Test
  void declaredFallbackMapAndOpenPrefixKeysAreNotWarnedAbout(@TempDir Path dir) {
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    Configuration conf =
        JobConfiguration.load(
            JobArguments.parse(
                "-Dexecution.checkpointing.interval=1s", // flink-core
                "-Dstate.checkpoints.dir=file:///tmp/checkpoints", // deprecated key of
                // execution.checkpointing.dir
                "-Dstate.backend.rocksdb.thread.num=2", // the RocksDB state backend's jar
                "-Dtaskmanager.memory.managed.consumer-weights.OPERATOR=70", // an entry of a map
                // option
                "-Dmetrics.reporter.prom.factory.class=x.Y",
                "-Denv.java.opts.taskmanager=-Xss2m",
                "-Dpipeline.global-job-parameters.region=eu",
                "-Ds3.access-key=AKIA",
                "-Dstatefun.async.max-per-task=8",
                "-Dstatefun.module.global-config.greeting=hi"),
            dir,
            new PrintStream(warnings, true, StandardCharsets.UTF_8));
    assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
        .isEqualTo("file:///tmp/checkpoints");
  }

  @Test
  void valuesFlinkCannotParseAreErrorsNamingTheKeyButNotTheValue(@TempDir Path dir)
      throws Exception {
    Files.writeString(
        dir.resolve("config.yaml"), "restart-strategy.fixed-delay.attempts: s3cr3t\n");
    assertThatThrownBy(
            () ->
                JobConfiguration.load(
                    JobArguments.parse(
                        "-Dexecution.checkpointing.interval=abc",
                        "-Dparallelism.default=x",
                        "-Dtaskmanager.memory.process.size=lots",
                        "-Dexecution.runtime-mode=STREAMIN",
                        "-Dpipeline.object-reuse=maybe",
                        "-Dstatefun.feedback.memory.size=big",
                        "-Dpipeline.name=any text is a name"),
                    dir,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(StartupException.class, e -> assertThat(e.exitCode()).isEqualTo(1))
        .hasMessage(
            String.join(
                "\n",
                "option 'execution.checkpointing.interval' (from -D) must be a duration such as 10 s, 500 ms or 5 min",
                "option 'execution.runtime-mode' (from -D) must be one of: STREAMING, BATCH, AUTOMATIC",
                "option 'parallelism.default' (from -D) must be a whole number",
                "option 'pipeline.object-reuse' (from -D) must be true or false",
                "option 'restart-strategy.fixed-delay.attempts' (from "
                    + dir.resolve("config.yaml")
                    + ") must be a whole number",
                "option 'statefun.feedback.memory.size' (from -D) must be a memory size such as 512 mb or 2 gb",
                "option 'taskmanager.memory.process.size' (from -D) must be a memory size such as 512 mb or 2 gb"));
  }

  @Test
  void aConfigYamlFlinkCannotParseIsNamedWithItsPositionButNoSnippet(@TempDir Path dir)
      throws Exception {
    Files.writeString(
        dir.resolve("config.yaml"), "parallelism.default: 2\n  security.ssl.password: s3cr3t\n");
    assertThatThrownBy(() -> JobConfiguration.load(JobArguments.parse(), dir))
        .isInstanceOf(StartupException.class)
        .hasMessage(
            "Cannot read "
                + dir.resolve("config.yaml")
                + ":2:24: mapping values are not allowed here");
  }

  @Test
  void worksWithoutAnyConfigYaml(@TempDir Path dir) {
    Configuration conf = JobConfiguration.load(JobArguments.parse(), dir);
    assertThat(JobConfiguration.globalModuleConfiguration(conf)).isEmpty();
  }
}
