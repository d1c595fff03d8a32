package org.statefun.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/statefun run} as a real process: a greeter reading a watched directory of name files
 * checkpoints into its state directory; stopped with SIGINT (Ctrl-C, a final savepoint) or SIGTERM
 * (the last checkpoint) and started again, it resumes: visit counts go on, and no file is read (no
 * greeting printed) twice. {@code --fresh} starts with empty state.
 */
class LocalStateIT {

  private static final String GREETER =
      """
      version: 1
      functions: [{ type: fixtures/greeter, class: org.statefun.loader.fixtures.VisitCounterFunction }]
      ingresses: [{ id: fixtures/names, kind: file, spec: { path: names, watch: 200ms } }]
      routers: [{ ingress: fixtures/names, target: fixtures/greeter, id: value }]
      egresses: [{ id: fixtures/greetings, kind: print }]
      """;

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  @Test
  void aRunStoppedWithCtrlCResumesWhereItStoppedAndFreshStartsEmpty(@TempDir Path dir)
      throws Exception {
    Files.createDirectories(dir.resolve("modules/m/names"));
    Files.writeString(dir.resolve("modules/m/module.yaml"), GREETER);
    Path state = dir.resolve("state").toAbsolutePath();

    // No checkpoint within the first run: only the final savepoint can carry its state over.
    Run first = Run.start(dir, state, "-Dexecution.checkpointing.interval=1h");
    first.awaitLine("statefun: no saved state yet, starting with empty state");
    names(dir, "1", "Alice", "Bob");
    first.awaitLine("Hello Alice, this is visit #1");
    first.awaitLine("Hello Bob, this is visit #1");
    first.interrupt();
    assertThat(first.lines)
        .contains(
            "statefun: Ctrl-C: stopping with a final savepoint into "
                + state.resolve("savepoints")
                + " (Ctrl-C again to stop at once)");
    assertThat(first.stderr())
        .anyMatch(
            line ->
                line.startsWith(
                        "statefun: stopped with a final savepoint in "
                            + state.resolve("savepoints/savepoint-"))
                    && line.endsWith("; the next run resumes from it"));
    assertThat(latestCheckpoint(state)).isEmpty();
    assertThat(first.greetings())
        .containsExactlyInAnyOrder("Hello Alice, this is visit #1", "Hello Bob, this is visit #1");

    Run second = Run.start(dir, state);
    second.awaitLine(
        line ->
            line.startsWith("statefun: resuming from the final savepoint taken ")
                && line.contains(" (" + state.resolve("savepoints/savepoint-"))
                && line.endsWith(")"));
    names(dir, "2", "Alice", "Carol");
    second.awaitLine("Hello Alice, this is visit #2");
    second.awaitLine("Hello Carol, this is visit #1");
    second.awaitCheckpointAfterOutput(state);
    // A kill (SIGTERM) takes no savepoint: the next run resumes from the last checkpoint.
    second.terminate();
    assertThat(second.stderr())
        .anyMatch(line -> line.startsWith("statefun: stopped before the job ended"));
    assertThat(second.greetings())
        .containsExactlyInAnyOrder(
            "Hello Alice, this is visit #2", "Hello Carol, this is visit #1");

    Run third = Run.start(dir, state);
    third.awaitLine(
        line ->
            line.startsWith("statefun: resuming from checkpoint ")
                && line.contains(" (" + state)
                && line.endsWith(")"));
    names(dir, "3", "Alice");
    third.awaitLine("Hello Alice, this is visit #3");
    third.interrupt();
    assertThat(third.greetings()).containsExactly("Hello Alice, this is visit #3");

    Run fresh = Run.start(dir, state, "--fresh");
    fresh.awaitLine("statefun: --fresh: starting with empty state");
    fresh.awaitLine("Hello Alice, this is visit #3"); // all files again, from scratch
    fresh.awaitLine("Hello Bob, this is visit #1");
    fresh.awaitLine("Hello Carol, this is visit #1");
    fresh.interrupt();
    assertThat(fresh.greetings())
        .containsExactlyInAnyOrder(
            "Hello Alice, this is visit #1",
            "Hello Alice, this is visit #2",
            "Hello Alice, this is visit #3",
            "Hello Bob, this is visit #1",
            "Hello Carol, this is visit #1");
  }

  @Test
  void twoRunsCannotShareAStateDirectory(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("modules/m/names"));
    Files.writeString(dir.resolve("modules/m/module.yaml"), GREETER);
    Path state = dir.resolve("state").toAbsolutePath();
    Run running = Run.start(dir, state);
    running.awaitLine("statefun: no saved state yet, starting with empty state");
    Run second = Run.start(dir, state);
    assertThat(second.awaitExit()).isEqualTo(1);
    assertThat(second.stderr())
        .containsExactly(
            "statefun: another run uses the state directory "
                + state
                + ": stop it first, or give this run a state directory of its own with --state-dir"
                + " DIR");
    running.interrupt();
  }

  @Test
  void stateThatNoLongerMatchesTheModulesIsOneLineUntilAllowed(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("modules/m/names"));
    Files.createDirectories(dir.resolve("modules/m/more"));
    String twoIngresses =
        GREETER
            .replace(
                "ingresses: [",
                "ingresses: [{ id: fixtures/more, kind: file, spec: { path: more, watch: 200ms } }, ")
            .replace(
                "routers: [",
                "routers: [{ ingress: fixtures/more, target: fixtures/greeter, id: value }, ");
    Files.writeString(dir.resolve("modules/m/module.yaml"), twoIngresses);
    Path state = dir.resolve("state");

    Run first = Run.start(dir, state);
    names(dir, "1", "Alice");
    first.awaitLine("Hello Alice, this is visit #1");
    first.awaitCheckpointAfterOutput(state);
    first.interrupt();

    Files.writeString(dir.resolve("modules/m/module.yaml"), GREETER); // fixtures/more removed
    Run mismatched = Run.start(dir, state);
    assertThat(mismatched.awaitExit()).isEqualTo(1);
    assertThat(mismatched.stderr())
        .contains(
            "statefun: the saved state in "
                + state.toAbsolutePath()
                + " does not match the modules any more: run with --fresh to start with empty state,"
                + " or with --allow-non-restored-state to keep what still matches and drop the rest");

    Run allowed = Run.start(dir, state, "--allow-non-restored-state");
    allowed.awaitLine(line -> line.startsWith("statefun: resuming from the final savepoint "));
    names(dir, "2", "Alice");
    allowed.awaitLine("Hello Alice, this is visit #2");
    allowed.interrupt();
  }

  /** Adds a file of names to the watched directory, atomically (never seen half written). */
  private static void names(Path dir, String file, String... names) throws IOException {
    Path temporary = dir.resolve("names-" + file + ".tmp");
    Files.write(temporary, List.of(names));
    Files.move(
        temporary,
        dir.resolve("modules/m/names/names-" + file + ".txt"),
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** The newest complete checkpoint's number: Flink writes {@code chk-N/_metadata} last. */
  private static OptionalLong latestCheckpoint(Path state) throws IOException {
    if (!Files.isDirectory(state)) {
      return OptionalLong.empty();
    }
    try (Stream<Path> files = Files.walk(state, 3)) {
      return files
          .filter(p -> p.getFileName().toString().equals("_metadata"))
          .map(p -> p.getParent().getFileName().toString())
          .filter(name -> name.matches("chk-\\d+"))
          .mapToLong(name -> Long.parseLong(name.substring(4)))
          .max();
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < deadline).as("timed out waiting for " + what).isTrue();
      Thread.sleep(50); // polling the condition, not synchronising on time
    }
  }

  /** One {@code bin/statefun run} process, its stdout collected line by line. */
  private static final class Run {
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Path stderr;

    private Run(Process process, Path stderr) {
      this.process = process;
      this.stderr = stderr;
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader out =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                  }
                } catch (IOException e) {
                  lines.add("(stdout failed: " + e + ")");
                }
              },
              "stdout of " + process.pid());
      reader.setDaemon(true);
      reader.start();
    }

    static Run start(Path dir, Path state, String... extra) throws IOException {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--modules",
                  "modules",
                  "--parallelism",
                  "1",
                  "--state-dir",
                  state.toString(),
                  "-Drest.port=0",
                  "-Dexecution.checkpointing.interval=300ms"));
      args.addAll(List.of(extra));
      Path stderr = Files.createTempFile(dir, "stderr", ".txt");
      Process process =
          CommandLineIT.command(
                  dir,
                  dir.resolve("statefun.log"),
                  "org.statefun.loader.StatefulFunctionsJob",
                  args.toArray(String[]::new))
              .redirectError(stderr.toFile())
              .start();
      return new Run(process, stderr);
    }

    void awaitLine(String line) throws Exception {
      awaitLine(line::equals, line);
    }

    void awaitLine(java.util.function.Predicate<String> matches) throws Exception {
      awaitLine(matches, "a matching line");
    }

    private void awaitLine(java.util.function.Predicate<String> matches, String what)
        throws Exception {
      try {
        await(what + " on stdout", () -> lines.stream().anyMatch(matches));
      } catch (AssertionError e) {
        process.destroyForcibly();
        throw new AssertionError(
            e.getMessage() + "; stdout: " + lines + "; stderr: " + Files.readAllLines(stderr), e);
      }
    }

    /** Waits for a checkpoint begun after everything so far was printed: two more completed. */
    void awaitCheckpointAfterOutput(Path state) throws Exception {
      long seen = latestCheckpoint(state).orElse(0);
      await(
          "a checkpoint after chk-" + (seen + 1),
          () -> {
            try {
              return latestCheckpoint(state).orElse(0) >= seen + 2;
            } catch (IOException e) {
              return false; // a checkpoint being replaced: look again
            }
          });
    }

    /** Sends SIGINT, as Ctrl-C does, and waits for the process to end. */
    void interrupt() throws Exception {
      try {
        Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
            .as("the run ends on SIGINT")
            .isTrue();
      } finally {
        process.destroyForcibly();
      }
      assertThat(process.exitValue()).isEqualTo(130);
    }

    /** Sends SIGTERM, as {@code kill} does, and waits for the process to end. */
    void terminate() throws Exception {
      try {
        process.destroy();
        assertThat(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
            .as("the run ends on SIGTERM")
            .isTrue();
      } finally {
        process.destroyForcibly();
      }
      assertThat(process.exitValue()).isEqualTo(143);
    }

    int awaitExit() throws Exception {
      try {
        assertThat(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
            .as("the run ends")
            .isTrue();
      } finally {
        process.destroyForcibly();
      }
      return process.exitValue();
    }

    List<String> stderr() throws IOException {
      return Files.readAllLines(stderr);
    }

    List<String> greetings() {
      return lines.stream().filter(l -> l.startsWith("Hello ")).toList();
    }
  }
}
