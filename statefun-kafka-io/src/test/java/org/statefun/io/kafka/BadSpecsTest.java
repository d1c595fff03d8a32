package org.statefun.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.statefun.loader.ValidateModules;

/**
 * Kafka specs with mistakes, validated like {@code bin/statefun validate} does: every problem is
 * reported at once with file:line:column and what was expected.
 */
class BadSpecsTest {

  @Test
  void ingressSpecs() {
    assertThat(problems("ingresses"))
        .containsExactly(
            "TODO");
  }

  @Test
  void egressSpecs() {
    assertThat(problems("egresses"))
        .containsExactly(
            "TODO");
  }

  /** The problem lines {@code ValidateModules} prints for {@code src/test/resources/bad-specs/<name>}. */
  private static List<String> problems(String name) {
    Path root = Path.of("src/test/resources/bad-specs", name);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        ValidateModules.validate(
            new String[] {"--modules", "modules"},
            Map.of(),
            root,
            new PrintStream(OutputStream.nullOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(1);
    return Arrays.stream(err.toString(StandardCharsets.UTF_8).split("\n"))
        .skip(1)
        .map(String::strip)
        .toList();
  }
}
