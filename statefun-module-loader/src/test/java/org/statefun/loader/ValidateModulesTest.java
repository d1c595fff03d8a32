package org.statefun.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.loader.testing.TestJars;

/** The validate command: exit codes and what it prints, without starting Flink. */
class ValidateModulesTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int validate(Path workingDirectory, String... args) {
    return ValidateModules.validate(
        args,
        Map.of(),
        workingDirectory,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void validModulesExitZeroWithASummary(@TempDir Path dir) throws Exception {
    Path module = Files.createDirectories(dir.resolve("modules/echo"));
    Files.writeString(
        module.resolve("module.yaml"),
        """
        version: 1
        functions: [{ type: fixtures/echo, class: org.statefun.loader.fixtures.EchoFunction }]
        ingresses: [{ id: fixtures/numbers, kind: sequence, spec: { from: 1, to: 3 } }]
        routers: [{ ingress: fixtures/numbers, target: fixtures/echo }]
        egresses: [{ id: fixtures/out, kind: print }]
        """);
    assertThat(validate(dir)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            String.join(
                "\n",
                "statefun: 1 module in " + dir.resolve("modules"),
                "  echo: module.yaml",
                "function types:",
                "  fixtures/echo  org.statefun.loader.fixtures.EchoFunction  [echo]",
                "ingresses -> routers -> targets:",
                "  fixtures/numbers (sequence) -> fixtures/echo by value",
                "egresses:",
                "  fixtures/out (print)",
                "statefun: the modules are valid",
                ""));
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void theSummaryShowsFailurePoliciesOtherThanFail(@TempDir Path dir) throws Exception {
    Path module = Files.createDirectories(dir.resolve("modules/policies"));
    Files.writeString(
        module.resolve("module.yaml"),
        """
        version: 1
        functions:
          - { type: fixtures/strict, class: org.statefun.loader.fixtures.EchoFunction, on-error: fail }
          - { type: fixtures/lenient, class: org.statefun.loader.fixtures.EchoFunction, on-error: skip }
          - type: fixtures/careful
            class: org.statefun.loader.fixtures.EchoFunction
            on-error: dead-letter
            dead-letter-egress: fixtures/dead-letters
        ingresses: [{ id: fixtures/numbers, kind: sequence, spec: { from: 1, to: 3 } }]
        routers: [{ ingress: fixtures/numbers, target: fixtures/strict }]
        egresses: [{ id: fixtures/dead-letters, kind: print }]
        """);
    assertThat(validate(dir)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            String.join(
                "\n",
                "function types:",
                "  fixtures/strict  org.statefun.loader.fixtures.EchoFunction  [policies]",
                "  fixtures/lenient  org.statefun.loader.fixtures.EchoFunction  [policies]  on-error: skip",
                "  fixtures/careful  org.statefun.loader.fixtures.EchoFunction  [policies]  on-error: dead-letter to fixtures/dead-letters",
                "ingresses"));
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void invalidModulesExitOneWithEveryProblem() {
    Path cases = Path.of("src/test/resources/bad-modules").toAbsolutePath();
    assertThat(validate(cases, "--modules", "router-unknown-target")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "1 problem in the modules of "
                + cases.resolve("router-unknown-target")
                + ":\n  router-unknown-target/m/module.yaml:11:13: 'routers[0].target' names function type"
                + " 'fixtures/eco', which no module binds; did you mean 'fixtures/echo'? Bound function types: fixtures/echo\n");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void anUnexpectedFailureIsOneLineWithTheTraceAfterIt(@TempDir Path dir) throws Exception {
    TestJars.build(
        dir.resolve("modules/odd/odd.jar"),
        Map.of(
            "odd.OddModule",
            """
            package odd;
            public class OddModule implements org.statefun.sdk.spi.StatefulFunctionModule {
              public void configure(java.util.Map<String, String> config, org.statefun.sdk.spi.Binder binder) {
                throw new AssertionError("unreachable");
              }
            }
            """),
        Map.of("META-INF/services/org.statefun.sdk.spi.StatefulFunctionModule", "odd.OddModule\n"));
    assertThat(validate(dir)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8).lines().limit(3))
        .containsExactly(
            "statefun: validation failed: java.lang.AssertionError: unreachable",
            "statefun: full trace:",
            "java.lang.AssertionError: unreachable");
  }

  @Test
  void withALogFileTheTraceStaysOffTheTerminal(@TempDir Path dir) throws Exception {
    TestJars.build(
        dir.resolve("modules/odd/odd.jar"),
        Map.of(
            "odd.OddModule",
            """
            package odd;
            public class OddModule implements org.statefun.sdk.spi.StatefulFunctionModule {
              public void configure(java.util.Map<String, String> config, org.statefun.sdk.spi.Binder binder) {
                throw new AssertionError("unreachable");
              }
            }
            """),
        Map.of("META-INF/services/org.statefun.sdk.spi.StatefulFunctionModule", "odd.OddModule\n"));
    Path log = dir.resolve("statefun-validate.log");
    int code =
        ValidateModules.validate(
            new String[0],
            Map.of(),
            dir,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Optional.of(log));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "statefun: validation failed: java.lang.AssertionError: unreachable",
            "statefun: full trace in " + log);
  }

  @Test
  void badArgumentsExitTwo(@TempDir Path dir) {
    assertThat(validate(dir, "--frobnicate")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("unknown argument '--frobnicate'");
  }

  @Test
  void badArgumentsAreShownWithValidatesOwnUsage(@TempDir Path dir) {
    assertThat(validate(dir, "--frobnicate")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("unknown argument '--frobnicate'\n\n" + ValidateModules.USAGE + "\n");
  }

  @Test
  void helpIsValidatesOwn(@TempDir Path dir) {
    assertThat(validate(dir, "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(ValidateModules.USAGE + "\n");
    assertThat(ValidateModules.USAGE).startsWith("Usage: bin/statefun validate ");
  }

  @Test
  void theModulesDirectoryMayBeTheFirstArgumentOrGivenWithEquals(@TempDir Path dir)
      throws Exception {
    Path module = Files.createDirectories(dir.resolve("elsewhere/echo"));
    Files.writeString(
        module.resolve("module.yaml"),
        """
        version: 1
        functions: [{ type: fixtures/echo, class: org.statefun.loader.fixtures.EchoFunction }]
        ingresses: [{ id: fixtures/numbers, kind: sequence, spec: { from: 1, to: 3 } }]
        routers: [{ ingress: fixtures/numbers, target: fixtures/echo }]
        """);
    assertThat(validate(dir, "elsewhere", "--parallelism=2")).isZero();
    assertThat(validate(dir, "--modules=elsewhere", "--parallelism", "2")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("statefun: 1 module in " + dir.resolve("elsewhere"));
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    // Messages count the arguments as given, the first one included.
    assertThat(validate(dir, "elsewhere", "-Dno-equals")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("-D needs key=value, but argument 2 has no '='\n");
  }

  @Test
  void theSummaryMarksIngressesThatNeverEnd(@TempDir Path dir) throws Exception {
    Path module = Files.createDirectories(dir.resolve("modules/watch"));
    Files.createDirectories(dir.resolve("in"));
    Files.writeString(
        module.resolve("module.yaml"),
        """
        version: 1
        functions: [{ type: fixtures/echo, class: org.statefun.loader.fixtures.EchoFunction }]
        ingresses:
          - { id: fixtures/watched, kind: file, spec: { path: %s, watch: 1s } }
          - { id: fixtures/once, kind: file, spec: { path: %s } }
        routers:
          - { ingress: fixtures/watched, target: fixtures/echo }
          - { ingress: fixtures/once, target: fixtures/echo }
        """
            .formatted(dir.resolve("in"), dir.resolve("in")));
    assertThat(validate(dir)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "  fixtures/watched (file) -> fixtures/echo by value  (watch: runs until stopped)\n"
                + "  fixtures/once (file) -> fixtures/echo by value\n");
  }
}
