package org.statefun.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.loader.testing.TestJars;

/**
 * The entrypoints as {@code bin/statefun} starts them: a separate JVM with bin/statefun's Java 17
 * flags, {@code bin/log4j2.properties} and a log file, so that what the user sees on the terminal
 * (stderr, exit code) and what lands in the log are checked exactly, embedded cluster included.
 */
class CommandLineIT {

  private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
  private static final String JOB = "org.statefun.loader.StatefulFunctionsJob";
  private static final String VALIDATE = "org.statefun.loader.ValidateModules";

  private static final String FRAGILE =
      """
      version: 1
      functions: [{ type: fixtures/fragile, class: org.statefun.loader.fixtures.FailsOnTwoFunction }]
      ingresses: [{ id: fixtures/numbers, kind: sequence, spec: { from: 1, to: 3 } }]
      routers: [{ ingress: fixtures/numbers, target: fixtures/fragile }]
      """;

  @Test
  void aDeterministicFailureEndsALocalRunAfterThreeRestartsWithOneLine(@TempDir Path dir)
      throws Exception {
    module(dir, FRAGILE);
    Run run =
        run(
            dir,
            JOB,
            "--modules",
            "modules",
            "--parallelism",
            "2",
            "-Drest.port=0",
            "-Dexecution.checkpointing.interval=500ms");

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.stderr)
        .containsExactly( // no checkpoint storage warning: a local run checkpoints into its state
            // dir
            "statefun: the job failed: Function fixtures/fragile at address fixtures/fragile/2 failed on a message"
                + " of type java.lang.Long from an ingress: java.lang.IllegalStateException: cannot handle 2"
                + " (after 3 restarts)",
            "statefun: full trace in " + run.log);
    String log = Files.readString(run.log);
    assertThat(log)
        .contains("ERROR statefun.failure")
        .contains(
            "org.statefun.core.dispatch.FunctionInvocationException: Function fixtures/fragile at address")
        .contains(
            "Recovery is suppressed by FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=3");
  }

  @Test
  void aBadOptionValueIsOneLineBeforeAnythingStarts(@TempDir Path dir) throws Exception {
    module(dir, FRAGILE);
    Run run = run(dir, JOB, "--modules", "modules", "-Drest.port=0", "-Dparallelism.default=x");
    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.stderr)
        .containsExactly("option 'parallelism.default' (from -D) must be a whole number");
    assertThat(run.stdout).isEmpty();
  }

  @Test
  void aBrokenModuleYamlIsReportedByValidate(@TempDir Path dir) throws Exception {
    module(dir, FRAGILE.replace("class:", "clas:"));
    Run run = run(dir, VALIDATE, "--modules", "modules");
    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.stderr)
        .containsExactly(
            "1 problem in the modules of " + dir.resolve("modules") + ":",
            "  modules/m/module.yaml:2:39: unknown key 'clas' in functions[0]; did you mean 'class'? Allowed keys:"
                + " type, class, provider, on-error, dead-letter-egress");
  }

  @Test
  void validatePrintsAndLogsAJavaModuleThatNoServicesFileRegisters(@TempDir Path dir)
      throws Exception {
    module(
        dir,
        """
        version: 1
        functions: [{ type: fixtures/echo, class: org.statefun.loader.fixtures.EchoFunction }]
        ingresses: [{ id: fixtures/numbers, kind: sequence, spec: { from: 1, to: 3 } }]
        routers: [{ ingress: fixtures/numbers, target: fixtures/echo }]
        """);
    // @AutoService without the annotation processor: the class is in the jar, no services file.
    TestJars.build(
        dir.resolve("modules/m/m.jar"),
        Map.of(
            "shop.ShopModule",
            """
            package shop;
            public class ShopModule implements org.statefun.sdk.spi.StatefulFunctionModule {
              public void configure(java.util.Map<String, String> c, org.statefun.sdk.spi.Binder b) {}
            }
            """),
        Map.of());
    String warning =
        "warning: m/m.jar: class shop.ShopModule implements"
            + " org.statefun.sdk.spi.StatefulFunctionModule, but no"
            + " META-INF/services/org.statefun.sdk.spi.StatefulFunctionModule file lists it, so it"
            + " is never loaded; register it, e.g. with @AutoService(StatefulFunctionModule.class)"
            + " AND the AutoService annotation processor configured in the build (the annotation"
            + " alone generates no services file), or write that file with the class name in it";

    Run valid = run(dir, VALIDATE, "--modules", "modules");
    assertThat(valid.exitCode).as(String.join("\n", valid.stderr)).isZero();
    assertThat(valid.stdout).contains("statefun: " + warning);
    assertThat(valid.stderr).isEmpty();
    assertThat(Files.readString(valid.log)).contains(warning);

    Files.writeString(
        dir.resolve("modules/m/module.yaml"),
        "version: 1\n"
            + "ingresses: [{ id: fixtures/numbers, kind: sequence, spec: { from: 1, to: 3 } }]\n"
            + "routers: [{ ingress: fixtures/numbers, target: shop/cart }]\n");
    Run invalid = run(dir, VALIDATE, "--modules", "modules");
    assertThat(invalid.exitCode).isEqualTo(1);
    assertThat(invalid.stderr)
        .containsExactly(
            "1 problem in the modules of " + dir.resolve("modules") + ":",
            "  modules/m/module.yaml:3:48: 'routers[0].target' names function type 'shop/cart', which no"
                + " module binds; no function type is bound; note: Java module class shop.ShopModule in"
                + " m/m.jar is not registered in META-INF/services, so it was never loaded (see the"
                + " warning)",
            "  " + warning);
  }

  @Test
  void aRunStoppedByASignalSaysSo(@TempDir Path dir) throws Exception {
    module(
        dir,
        """
        version: 1
        functions: [{ type: fixtures/echo, class: org.statefun.loader.fixtures.EchoFunction }]
        ingresses: [{ id: fixtures/ticks, kind: sequence, spec: { from: 1, to: 1000000000, rate-per-second: 5 } }]
        routers: [{ ingress: fixtures/ticks, target: fixtures/echo }]
        """);
    Path log = dir.resolve("statefun-run.log");
    Path stderr = dir.resolve("stderr.txt");
    Process process =
        command(dir, log, JOB, "--modules", "modules", "-Drest.port=0")
            .redirectError(stderr.toFile())
            .start();
    try (BufferedReader stdout =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      do {
        line = stdout.readLine();
      } while (line != null && !line.startsWith("statefun: embedded Flink cluster"));
      assertThat(line).isNotNull();
      process.destroy(); // SIGTERM, as kill does; Ctrl-C (SIGINT) runs the same shutdown path
      assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    } finally {
      process.destroyForcibly();
    }
    assertThat(process.exitValue()).isEqualTo(143);
    assertThat(Files.readAllLines(stderr))
        .containsExactly(
            "statefun: stopped before the job ended (Ctrl-C, a kill signal or a fatal error); log in "
                + log);
  }

  private static void module(Path dir, String yaml) throws IOException {
    Files.createDirectories(dir.resolve("modules/m"));
    Files.writeString(dir.resolve("modules/m/module.yaml"), yaml);
  }

  private record Run(int exitCode, List<String> stdout, List<String> stderr, Path log) {}

  private static Run run(Path dir, String main, String... args) throws Exception {
    Path log = dir.resolve("statefun.log");
    Path stdout = dir.resolve("stdout.txt");
    Path stderr = dir.resolve("stderr.txt");
    Process process =
        command(dir, log, main, args)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    try {
      assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the command ends").isTrue();
    } finally {
      process.destroyForcibly();
    }
    return new Run(
        process.exitValue(), Files.readAllLines(stdout), Files.readAllLines(stderr), log);
  }

  /** The java command line of bin/statefun, on the test class path (fixtures included). */
  static ProcessBuilder command(Path dir, Path log, String main, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(java17Flags());
    command.add("-Dlog4j.configurationFile=" + REPOSITORY.resolve("bin/log4j2.properties"));
    command.add("-Dstatefun.log.file=" + log);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main);
    command.addAll(List.of(args));
    return new ProcessBuilder(command).directory(dir.toFile());
  }

  /** The --add-opens/--add-exports lines of bin/statefun's JAVA_17_FLAGS. */
  private static List<String> java17Flags() throws IOException {
    return Files.readAllLines(REPOSITORY.resolve("bin/statefun")).stream()
        .map(String::strip)
        .filter(l -> l.startsWith("--add-opens=") || l.startsWith("--add-exports="))
        .toList();
  }
}
