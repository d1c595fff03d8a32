package org.statefun.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobArgumentsTest {

  @Test
  void parsesEveryOption() {
    JobArguments args =
        JobArguments.parse(
            "--modules",
            "m",
            "--parallelism",
            "3",
            "--config",
            "conf",
            "-Da=1",
            "-D",
            "b = two",
            "-Dc=x=y");
    assertThat(args.modules()).isEqualTo(Path.of("m"));
    assertThat(args.parallelism()).hasValue(3);
    assertThat(args.configDirectory()).contains(Path.of("conf"));
    assertThat(args.properties()).isEqualTo(Map.of("a", "1", "b", "two", "c", "x=y"));
    assertThat(args.help()).isFalse();
  }

  @Test
  void parsesTheLocalStateOptions() {
    JobArguments args = JobArguments.parse("--state-dir=s", "--allow-non-restored-state");
    assertThat(args.stateDirectory()).contains(Path.of("s"));
    assertThat(args.allowNonRestoredState()).isTrue();
    assertThat(args.fresh()).isFalse();
    assertThat(JobArguments.parse("--fresh").fresh()).isTrue();
    assertThatThrownBy(() -> JobArguments.parse("--fresh", "--allow-non-restored-state"))
        .hasMessageStartingWith("--fresh and --allow-non-restored-state exclude each other");
  }

  @Test
  void metricsPrometheusConfiguresFlinksPrometheusReporterOnItsPort() {
    assertThat(JobArguments.parse("--metrics", "prometheus").prometheusPort()).hasValue(9249);
    assertThat(JobArguments.parse("--metrics=prometheus:9300").prometheusPort()).hasValue(9300);
    assertThat(JobArguments.parse().prometheusPort()).isEmpty();
    assertThatThrownBy(() -> JobArguments.parse("--metrics", "jmx"))
        .hasMessageStartingWith("--metrics takes prometheus or prometheus:PORT");
    assertThatThrownBy(() -> JobArguments.parse("--metrics", "prometheus:0"))
        .hasMessageStartingWith("--metrics prometheus:PORT needs a port from 1 to 65535");

    var configuration =
        JobConfiguration.load(
            JobArguments.parse("--metrics", "prometheus:9300"), Path.of("does-not-exist"));
    assertThat(configuration.toMap())
        .containsEntry(
            "metrics.reporter.prom.factory.class",
            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory")
        .containsEntry("metrics.reporter.prom.port", "9300")
        .containsEntry("metrics.reporter.prom.filterLabelValueCharacters", "false");
    assertThat(JobEnvironment.prometheusAddresses(configuration))
        .containsExactly("http://localhost:9300/metrics");
  }

  @Test
  void defaultsToTheModulesDirectory() {
    JobArguments args = JobArguments.parse();
    assertThat(args.modules()).isEqualTo(Path.of("modules"));
    assertThat(args.parallelism()).isEmpty();
    assertThat(args.configDirectory()).isEmpty();
  }

  @Test
  void rejectsMalformedArgumentsWithUsage() {
    assertThatThrownBy(() -> JobArguments.parse("--parallelism", "0"))
        .hasMessageStartingWith(
            "--parallelism must be a whole number of at least 1, got 0\n\nUsage: ");
    assertThatThrownBy(() -> JobArguments.parse("--modules"))
        .hasMessageStartingWith("--modules needs a value\n\nUsage: ");
    assertThatThrownBy(() -> JobArguments.parse("--bogus"))
        .isInstanceOfSatisfying(StartupException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessageStartingWith("unknown argument '--bogus'\n\nUsage: ");
  }

  @Test
  void messagesNeverQuoteWhatMayBeAValue() {
    assertThatThrownBy(() -> JobArguments.parse("--modules", "m", "-Dsasl.password:hunter2"))
        .hasMessageStartingWith("-D needs key=value, but argument 3 has no '='\n\nUsage: ");
    assertThatThrownBy(() -> JobArguments.parse("-D", "=hunter2"))
        .hasMessageStartingWith(
            "-D needs key=value, but argument 2 has no key before '='\n\nUsage: ");
    assertThatThrownBy(() -> JobArguments.parse("--password=hunter2"))
        .hasMessageStartingWith("unknown argument '--password=…'\n\nUsage: ");
    // An unquoted -D value with spaces: the shell splits the secret off into its own argument.
    assertThatThrownBy(() -> JobArguments.parse("-Dsasl.jaas.config=Plain", "password=hunter2"))
        .hasMessageStartingWith(
            "unexpected argument 2, which is not an option (a -D value with spaces needs quotes)\n\nUsage: ");
    assertThatThrownBy(() -> JobArguments.parse("--parallelism", "hunter2"))
        .hasMessageStartingWith("--parallelism must be a whole number of at least 1\n\nUsage: ");
  }

  @Test
  void everyOptionWithAValueAlsoTakesItAfterEquals() {
    JobArguments args =
        JobArguments.parse("--modules=m", "--parallelism=3", "--config=conf=x", "-Da=1");
    assertThat(args.modules()).isEqualTo(Path.of("m"));
    assertThat(args.parallelism()).hasValue(3);
    assertThat(args.configDirectory()).contains(Path.of("conf=x"));
    assertThat(args.properties()).isEqualTo(Map.of("a", "1"));
    assertThatThrownBy(() -> JobArguments.parse("--modules="))
        .hasMessageStartingWith("--modules needs a value\n\nUsage: bin/statefun run ");
    assertThatThrownBy(() -> JobArguments.parse("--parallelism=0"))
        .hasMessageStartingWith("--parallelism must be a whole number of at least 1, got 0\n");
    assertThatThrownBy(() -> JobArguments.parse("--help=yes"))
        .hasMessageStartingWith("--help takes no value\n");
    // Positions count the arguments as given.
    assertThatThrownBy(() -> JobArguments.parse("--modules=m", "-Dx"))
        .hasMessageStartingWith("-D needs key=value, but argument 2 has no '='\n");
  }
}
