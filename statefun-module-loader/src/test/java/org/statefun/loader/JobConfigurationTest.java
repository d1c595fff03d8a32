package org.statefun.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
            JobArguments.parse("-Dstatefun.module.global-config.limit=5", "--parallelism", "2"), dir);
    assertThat(conf.get(CoreOptions.DEFAULT_PARALLELISM)).isEqualTo(2);
    assertThat(JobConfiguration.globalModuleConfiguration(conf))
        .isEqualTo(Map.of("greeting", "hi", "limit", "5"));
    assertThat(conf.get(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL))
        .isEqualTo(List.of("org.statefun.sdk.", "org.statefun.core.", "org.statefun.loader.", "org.statefun.io.", "org.apache.flink.", "org.apache.kafka."));
  }

  @Test
  void explicitConfigDirectoryMustHoldConfigYaml(@TempDir Path dir) {
    assertThatThrownBy(() -> JobConfiguration.load(JobArguments.parse("--config", dir.toString()), dir))
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
  void worksWithoutAnyConfigYaml(@TempDir Path dir) {
    Configuration conf = JobConfiguration.load(JobArguments.parse(), dir);
    assertThat(JobConfiguration.globalModuleConfiguration(conf)).isEmpty();
  }
}
