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
            "--modules", "m", "--parallelism", "3", "--config", "conf", "-Da=1", "-D", "b = two", "-Dc=x=y");
    assertThat(args.modules()).isEqualTo(Path.of("m"));
    assertThat(args.parallelism()).hasValue(3);
    assertThat(args.configDirectory()).contains(Path.of("conf"));
    assertThat(args.properties()).isEqualTo(Map.of("a", "1", "b", "two", "c", "x=y"));
    assertThat(args.help()).isFalse();
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
        .hasMessageStartingWith("--parallelism must be a whole number of at least 1, got '0'\n\nUsage: ");
    assertThatThrownBy(() -> JobArguments.parse("--modules"))
        .hasMessageStartingWith("--modules needs a value\n\nUsage: ");
    assertThatThrownBy(() -> JobArguments.parse("-Dnovalue"))
        .hasMessageStartingWith("-D needs key=value, got 'novalue'\n\nUsage: ");
    assertThatThrownBy(() -> JobArguments.parse("--bogus"))
        .isInstanceOfSatisfying(StartupException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessageStartingWith("unknown argument '--bogus'\n\nUsage: ");
  }
}
