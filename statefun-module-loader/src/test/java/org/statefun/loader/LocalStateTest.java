package org.statefun.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state directory of local runs: where it is, what Flink is told, which checkpoint resumes. */
class LocalStateTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private String printed() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private Configuration configure(LocalState state) {
    Configuration local = new Configuration();
    state.configure(local, new PrintStream(out, true, StandardCharsets.UTF_8));
    return local;
  }

  @Test
  void defaultsToADirectoryPerModulesDirectoryUnderTheWorkingDirectory(@TempDir Path work) {
    LocalState a =
        LocalState.of(JobArguments.parse(), new Configuration(), work, work.resolve("modules"));
    LocalState b =
        LocalState.of(
            JobArguments.parse(), new Configuration(), work, work.resolve("other/modules"));
    assertThat(a.directory().getParent()).isEqualTo(work.resolve(".statefun/state"));
    assertThat(a.directory().getFileName().toString()).matches("modules-[0-9a-f]{8}");
    assertThat(b.directory()).isNotEqualTo(a.directory());
    LocalState chosen =
        LocalState.of(
            JobArguments.parse("--state-dir", "s"), new Configuration(), work, work.resolve("m"));
    assertThat(chosen.directory()).isEqualTo(work.resolve("s"));
  }

  @Test
  void retainsCheckpointsInTheStateDirectoryAndStartsEmptyWithoutOne(@TempDir Path work) {
    LocalState state =
        LocalState.of(JobArguments.parse("--state-dir", "s"), new Configuration(), work, work);
    Configuration local = configure(state);
    assertThat(local.get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(local.get(CheckpointingOptions.CHECKPOINT_STORAGE)).isEqualTo("filesystem");
    assertThat(local.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
        .isEqualTo(work.resolve("s").toUri().toString());
    assertThat(local.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
        .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    assertThat(local.contains(StateRecoveryOptions.SAVEPOINT_PATH)).isFalse();
    assertThat(printed())
        .isEqualTo(
            "statefun: state in "
                + work.resolve("s")
                + " (a checkpoint every 5 s; Ctrl-C stops with a final savepoint)\n"
                + "statefun: no saved state yet, starting with empty state\n");
  }

  @Test
  void resumesFromTheNewestCompleteCheckpoint(@TempDir Path work) throws IOException {
    Path dir = work.resolve("s");
    checkpoint(dir.resolve("job-a/chk-40"), Instant.parse("2026-01-01T10:00:00Z"));
    Path newest = checkpoint(dir.resolve("job-b/chk-7"), Instant.parse("2026-01-01T11:00:00Z"));
    Files.createDirectories(dir.resolve("job-b/chk-8")); // in progress: no _metadata yet
    Files.createDirectories(dir.resolve("job-b/shared"));
    LocalState state =
        LocalState.of(
            JobArguments.parse("--state-dir", "s", "--allow-non-restored-state"),
            new Configuration(),
            work,
            work);
    Configuration local = configure(state);
    assertThat(state.resumedFrom()).map(LocalState.Checkpoint::id).contains(7L);
    assertThat(local.get(StateRecoveryOptions.SAVEPOINT_PATH)).isEqualTo(newest.toUri().toString());
    assertThat(local.get(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE)).isTrue();
    assertThat(printed())
        .contains("statefun: resuming from checkpoint 7 taken ")
        .contains(" (" + newest + ")\n");
  }

  @Test
  void resumesFromAFinalSavepointNewerThanTheCheckpoints(@TempDir Path work) throws IOException {
    Path dir = work.resolve("s");
    checkpoint(
        dir.resolve("0123456789abcdef0123456789abcdef/chk-7"),
        Instant.parse("2026-01-01T10:00:00Z"));
    Path savepoint =
        checkpoint(
            dir.resolve("savepoints/savepoint-012345-6789abcdef01"),
            Instant.parse("2026-01-01T10:00:05Z"));
    LocalState state =
        LocalState.of(JobArguments.parse("--state-dir", "s"), new Configuration(), work, work);
    Configuration local = configure(state);
    assertThat(state.resumedFrom()).map(LocalState.Checkpoint::savepoint).contains(true);
    assertThat(local.get(StateRecoveryOptions.SAVEPOINT_PATH))
        .isEqualTo(savepoint.toUri().toString());
    assertThat(printed())
        .contains("statefun: resuming from the final savepoint taken ")
        .contains(" (" + savepoint + ")\n");
    state.close();
  }

  @Test
  void removesTheDirectoriesOfEarlierRunsWithoutACompleteCheckpoint(@TempDir Path work)
      throws IOException {
    Path dir = work.resolve("s");
    Path emptied = dir.resolve("0123456789abcdef0123456789abcdef");
    Files.createDirectories(emptied.resolve("shared"));
    Files.createDirectories(emptied.resolve("chk-3")); // never completed
    Path kept = checkpoint(dir.resolve("fedcba9876543210fedcba9876543210/chk-2"), Instant.now());
    Path notARun = Files.createDirectories(dir.resolve("mine"));
    LocalState.removeRunsWithoutSnapshots(dir);
    assertThat(emptied).doesNotExist();
    assertThat(kept.resolve("_metadata")).exists();
    assertThat(notARun).exists();
  }

  @Test
  void aSecondRunOnTheSameStateDirectoryIsRefused(@TempDir Path work) {
    LocalState first =
        LocalState.of(JobArguments.parse("--state-dir", "s"), new Configuration(), work, work);
    configure(first);
    LocalState second =
        LocalState.of(JobArguments.parse("--state-dir", "s"), new Configuration(), work, work);
    assertThatThrownBy(() -> configure(second))
        .isInstanceOf(StartupException.class)
        .hasMessage(
            "statefun: another run uses the state directory "
                + work.resolve("s")
                + ": stop it first, or give this run a state directory of its own with --state-dir"
                + " DIR");
    first.close();
    configure(second); // released
    second.close();
  }

  @Test
  void aCorruptNewestCheckpointIsSkippedAndSaidSo(@TempDir Path work) throws IOException {
    Path dir = work.resolve("s");
    Path older = checkpoint(dir.resolve("job-a/chk-4"), Instant.parse("2026-01-01T10:00:00Z"));
    Path corrupt =
        checkpoint(
            dir.resolve("job-b/chk-9"),
            Instant.parse("2026-01-01T11:00:00Z"),
            "garbage\n".getBytes(StandardCharsets.UTF_8));
    LocalState state =
        LocalState.of(JobArguments.parse("--state-dir", "s"), new Configuration(), work, work);
    Configuration local = configure(state);
    assertThat(state.resumedFrom()).map(LocalState.Checkpoint::id).contains(4L);
    assertThat(local.get(StateRecoveryOptions.SAVEPOINT_PATH)).isEqualTo(older.toUri().toString());
    assertThat(printed())
        .contains(
            "statefun: skipping "
                + corrupt
                + ": its _metadata is not a Flink checkpoint (corrupt or partly written)\n"
                + "statefun: resuming from checkpoint 4 taken ");
  }

  @Test
  void freshIgnoresSavedState(@TempDir Path work) throws IOException {
    checkpoint(work.resolve("s/job/chk-1"), Instant.now());
    LocalState state =
        LocalState.of(
            JobArguments.parse("--state-dir", "s", "--fresh"), new Configuration(), work, work);
    Configuration local = configure(state);
    assertThat(local.contains(StateRecoveryOptions.SAVEPOINT_PATH)).isFalse();
    assertThat(state.resumedFrom()).isEmpty();
    assertThat(printed()).endsWith("statefun: --fresh: starting with empty state\n");
  }

  @Test
  void recognisesStateThatNoOperatorClaims() {
    Exception flink =
        new RuntimeException(
            "job failed",
            new IllegalStateException(
                "Failed to rollback to checkpoint/savepoint file:/s/job/chk-3. Cannot map"
                    + " checkpoint/savepoint state for operator abc to the new program, because the"
                    + " operator is not available in the new program. If you want to allow to skip"
                    + " this, you can set the --allowNonRestoredState option on the CLI."));
    assertThat(LocalState.isNotRestorable(flink)).isTrue();
    assertThat(LocalState.isNotRestorable(new RuntimeException("other"))).isFalse();
  }

  /** A checkpoint directory whose {@code _metadata} starts with Flink's header. */
  private static Path checkpoint(Path directory, Instant taken) throws IOException {
    return checkpoint(directory, taken, ByteBuffer.allocate(4).putInt(0x4960672d).array());
  }

  private static Path checkpoint(Path directory, Instant taken, byte[] metadataBytes)
      throws IOException {
    Files.createDirectories(directory);
    Path metadata = Files.write(directory.resolve("_metadata"), metadataBytes);
    Files.setLastModifiedTime(metadata, FileTime.from(taken));
    return directory;
  }
}
