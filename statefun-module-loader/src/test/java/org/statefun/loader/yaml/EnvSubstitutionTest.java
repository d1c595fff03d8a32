package org.statefun.loader.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {

  private final EnvSubstitution substitution =
      new EnvSubstitution(Map.of("HOME_DIR", "/home/ann", "EMPTY", ""));
  private final Location at = new Location(Path.of("module.yaml"), 3, 7);

  @Test
  void substitutesSetVariablesAndDefaults() {
    Problems problems = new Problems();
    assertThat(substitution.apply("${HOME_DIR}/in-${MISSING:-x}-${EMPTY:-y}", at, problems))
        .contains("/home/ann/in-x-");
    assertThat(problems.isEmpty()).isTrue();
  }

  @Test
  void doubleDollarIsALiteral() {
    Problems problems = new Problems();
    assertThat(substitution.apply("cost: $${HOME_DIR} $5", at, problems))
        .contains("cost: ${HOME_DIR} $5");
    assertThat(problems.isEmpty()).isTrue();
  }

  @Test
  void reportsUnsetMalformedAndUnclosedReferences() {
    Problems problems = new Problems();
    assertThat(substitution.apply("${NOPE} ${1X}", at, problems)).isEmpty();
    assertThat(substitution.apply("${HOME_DIR", at, problems)).isEmpty();
    assertThat(problems.sorted().stream().map(p -> p.describe(Path.of(""))))
        .containsExactly(
            "module.yaml:3:7: environment variable 'NOPE' is not set and has no default; set it, or write ${NOPE:-default}",
            "module.yaml:3:7: malformed reference '${1X}': expected ${NAME} or ${NAME:-default} with NAME made of letters, digits and '_'",
            "module.yaml:3:7: unclosed '${' at character 1 of the value: write ${NAME} or ${NAME:-default}, or $${ for a literal ${");
  }

  @Test
  void problemsNeverQuoteTheValueOrADefault() {
    Problems problems = new Problems();
    assertThat(substitution.apply("user:hunter2@${HOST", at, problems)).isEmpty();
    assertThat(substitution.apply("${DB_PASSWORD:hunter2}", at, problems)).isEmpty();
    assertThat(substitution.apply("${DB PASSWORD hunter2}", at, problems)).isEmpty();
    assertThat(problems.sorted().stream().map(p -> p.describe(Path.of(""))))
        .containsExactly(
            "module.yaml:3:7: unclosed '${' at character 14 of the value: write ${NAME} or ${NAME:-default}, or $${ for a literal ${",
            "module.yaml:3:7: malformed reference '${DB_PASSWORD…}': expected ${NAME} or ${NAME:-default} with NAME made of letters, digits and '_'",
            "module.yaml:3:7: malformed reference '${DB…}': expected ${NAME} or ${NAME:-default} with NAME made of letters, digits and '_'");
  }
}
