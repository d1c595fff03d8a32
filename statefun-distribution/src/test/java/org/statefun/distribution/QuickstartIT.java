package org.statefun.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.statefun.core.testing.MiniClusters;
import org.statefun.distribution.cluster.FlinkProcessLauncher;
import org.statefun.loader.ValidateModules;
import org.statefun.loader.testing.EntrypointRuns;

/**
 * bin/statefun new as a user runs it: the project it generates from this build's
 * statefun-quickstart archetype builds with a nested offline Maven build (its own test included),
 * validates, and runs through the universal entrypoint. The nested builds use this build's local
 * repository, into which bin/statefun new installs the SDK, the test kit (the generated test uses
 * its FunctionHarness), the parent pom and the archetype.
 */
class QuickstartIT {

  private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2);

  @Test
  void generatedProjectBuildsOfflineValidatesAndRuns(@TempDir Path dir) throws Exception {
    Path project = dir.resolve("projects/greetings");

    Result created =
        run(
            REPOSITORY,
            dir.resolve("new"),
            System.getenv("PATH"),
            "bash",
            REPOSITORY.resolve("bin/statefun").toString(),
            "new",
            "greetings",
            "--dir",
            dir.resolve("projects").toString(),
            "--package",
            "com.example.greet");
    assertThat(created.exitCode).as("bin/statefun new; stderr: %s", created.stderr).isZero();
    assertThat(created.stdout.get(0))
        .isEqualTo("statefun: created " + project + " (package com.example.greet)");
    assertThat(project.resolve("src/main/java/com/example/greet/GreeterFn.java")).isRegularFile();
    assertThat(Files.readString(project.resolve("pom.xml")))
        .contains("<maven.compiler.release>17</maven.compiler.release>")
        .contains("<artifactId>statefun-testkit</artifactId>")
        .doesNotContainPattern(
            "@[\\w.-]+@"); // versions were filled in when the archetype was built

    Result built =
        run(project, dir.resolve("mvn"), System.getenv("PATH"), "mvn", "-B", "-o", "package");
    assertThat(built.exitCode).as("mvn -o package; output: %s", built.stdout).isZero();
    assertThat(built.stdout).contains("[INFO] Tests run: 2, Failures: 0, Errors: 0, Skipped: 0");
    assertThat(project.resolve("modules/greetings/greetings.jar")).isRegularFile();

    // As bin/statefun validate runs it: the job jar and Flink's class path, in a JVM of its own.
    List<String> validate = new ArrayList<>(List.of("java"));
    validate.addAll(FlinkProcessLauncher.JAVA_17_FLAGS);
    validate.addAll(
        List.of(
            "-cp",
            System.getProperty("statefun.job.jar")
                + ":"
                + Files.readString(Path.of(System.getProperty("statefun.flink.classpath"))).strip(),
            ValidateModules.class.getName(),
            "--modules",
            project.resolve("modules").toString(),
            "--parallelism",
            "2"));
    Result validated =
        run(
            project,
            dir.resolve("validate"),
            System.getenv("PATH"),
            validate.toArray(String[]::new));
    assertThat(validated.exitCode).as("validate; stderr: %s", validated.stderr).isZero();
    assertThat(validated.stdout)
        .contains(
            "  greetings: module.yaml, greetings.jar; Java modules: com.example.greet.GreeterModule");

    assertThat(EntrypointRuns.printedLines(project, "Hello "))
        .containsExactlyInAnyOrder(
            "Hello Alice, this is visit #1",
            "Hello Bob, this is visit #1",
            "Hello Alice, this is visit #2",
            "Hello Carol, this is visit #1",
            "Hello Alice, this is visit #3");
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        Arguments.of(
            List.of("new", "taken"),
            1,
            "statefun new: %s/taken already exists; choose another NAME or --dir"),
        Arguments.of(
            List.of("new", "Greetings"),
            2,
            "statefun new: NAME 'Greetings' must be lowercase letters, digits and '-', starting"
                + " with a letter (e.g. hello-world) (bin/statefun new --help)"),
        Arguments.of(
            List.of("new", "greetings", "--package", "com.example.class"),
            2,
            "statefun new: --package 'com.example.class' is not a Java package name"
                + " (dot-separated identifiers, e.g. org.example.hello) (bin/statefun new --help)"),
        Arguments.of(List.of("new"), 2, "statefun new: NAME is missing (bin/statefun new --help)"));
  }

  @ParameterizedTest(name = "bin/statefun {0}")
  @MethodSource("badInput")
  void badInputFailsWithOneLineAndBuildsNothing(
      List<String> args, int exitCode, String message, @TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("work/taken"));
    Path marks = dir.resolve("marks");
    Path bin = Files.createDirectories(dir.resolve("fake-bin"));
    Path fakeMvn = bin.resolve("mvn");
    Files.writeString(fakeMvn, "#!/bin/sh\necho mvn >> '" + marks + "'\nexit 1\n");
    Files.setPosixFilePermissions(fakeMvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> command = new ArrayList<>(List.of("bash", "bin/statefun"));
    command.addAll(args);
    command.addAll(List.of("--dir", dir.resolve("work").toString()));

    Result result =
        run(
            REPOSITORY,
            dir.resolve("logs"),
            bin + ":" + System.getenv("PATH"),
            command.toArray(String[]::new));

    assertThat(result.exitCode).isEqualTo(exitCode);
    assertThat(result.stderr).containsExactly(message.formatted(dir.resolve("work")));
    assertThat(result.stdout).isEmpty();
    assertThat(marks).as("mvn did not run").doesNotExist();
    try (Stream<Path> files = Files.list(dir.resolve("work"))) {
      assertThat(files).containsExactly(dir.resolve("work/taken"));
    }
  }

  /**
   * Runs {@code command} in {@code directory} with {@code path} as PATH; its stdout and stderr go
   * to files in {@code logs}.
   */
  private static Result run(Path directory, Path logs, String path, String... command)
      throws Exception {
    Files.createDirectories(logs);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectOutput(logs.resolve("stdout").toFile())
            .redirectError(logs.resolve("stderr").toFile());
    builder.environment().put("PATH", path);
    // The nested Maven builds use the local repository of this build (where the reactor's SDK
    // goes).
    String localRepository = System.getProperty("statefun.maven.repo.local");
    if (localRepository != null) {
      builder.environment().put("MAVEN_OPTS", "-Dmaven.repo.local=" + localRepository);
    }
    Process process = builder.start();
    try {
      assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("%s ends", List.of(command)).isTrue();
    } finally {
      process.destroyForcibly();
    }
    return new Result(
        process.exitValue(),
        Files.readAllLines(logs.resolve("stdout")),
        Files.readAllLines(logs.resolve("stderr")));
  }

  private record Result(int exitCode, List<String> stdout, List<String> stderr) {}
}
