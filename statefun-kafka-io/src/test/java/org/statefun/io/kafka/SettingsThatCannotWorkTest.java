package org.statefun.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.loader.StatefulFunctionsJob;
import org.statefun.loader.ValidateModules;

/**
 * Option combinations that cannot work, given as {@code -D} or in {@code --config DIR}: {@code
 * bin/statefun validate} reports them as problems, with the same one line as {@code bin/statefun
 * run}, which reports them before anything starts (no broker needed: nothing connects); and
 * validate checks with the options a local run uses (it always checkpoints).
 */
class SettingsThatCannotWorkTest {

  private static final String UNALIGNED =
      "The modules cannot run: execution.checkpointing.unaligned.enabled is true, but messages in"
          + " the function loop are only checkpointed exactly once with aligned checkpoints; set it"
          + " to false";

  @TempDir Path dir;

  @BeforeEach
  void module() throws Exception {
    Files.createDirectories(dir.resolve("modules/m"));
    Files.writeString(
        dir.resolve("modules/m/module.yaml"),
        """
        version: 1
        functions: [{ type: ko/echo, class: org.statefun.loader.fixtures.EchoFunction }]
        ingresses: [{ id: ko/numbers, kind: sequence, spec: { from: 1, to: 3 } }]
        routers: [{ ingress: ko/numbers, target: ko/echo }]
        egresses:
          - id: ko/out
            kind: kafka
            spec: { bootstrap-servers: "localhost:1", topic: out, delivery: exactly-once }
        """);
  }

  @Test
  void exactlyOnceIsValidAsALocalRunAlwaysCheckpoints() throws Exception {
    // bin/statefun run checkpoints every 5 s unless told otherwise (LocalState), and validate
    // checks with the same setting; an interval from -D or the config file is taken as given.
    assertThat(validate("--modules", "modules").code()).isZero();
    assertThat(validate("modules", "-Dexecution.checkpointing.interval=10s").code()).isZero();
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(dir.resolve("conf/config.yaml"), "execution.checkpointing.interval: 10s\n");
    assertThat(validate("--modules=modules", "--config=" + dir.resolve("conf")).code()).isZero();
    assertThat(validate("--modules", "modules", "--config", dir.resolve("conf").toString()).code())
        .isZero();
  }

  @Test
  void unalignedCheckpointsAreAProblemForValidateAndRunAlike() throws Exception {
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(
        dir.resolve("conf/config.yaml"),
        "execution.checkpointing.interval: 10s\nexecution.checkpointing.unaligned.enabled: true\n");
    assertThat(validate("--modules", "modules", "--config", dir.resolve("conf").toString()))
        .isEqualTo(new Result(1, List.of(UNALIGNED)));
    assertThat(
            validate(
                "modules",
                "-Dexecution.checkpointing.interval=10s",
                "-Dexecution.checkpointing.unaligned.enabled=true"))
        .isEqualTo(new Result(1, List.of(UNALIGNED)));
    Result run =
        run(
            "--modules",
            "modules",
            "-Drest.port=0",
            "-Dexecution.checkpointing.dir=file://" + dir.resolve("checkpoints"),
            "--config",
            dir.resolve("conf").toString());
    assertThat(run).isEqualTo(new Result(1, List.of(UNALIGNED)));
  }

  private record Result(int code, List<String> stderr) {}

  private Result validate(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        ValidateModules.validate(
            args,
            Map.of(),
            dir,
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, lines(err));
  }

  private Result run(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new StatefulFunctionsJob(
                Map.of(),
                dir,
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .runCommand(Optional.empty(), args);
    return new Result(code, lines(err));
  }

  private static List<String> lines(ByteArrayOutputStream stream) {
    return new ArrayList<>(stream.toString(StandardCharsets.UTF_8).lines().toList());
  }
}
