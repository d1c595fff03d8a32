package org.statefun.loader;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.util.TimeUtils;

/**
 * The state directory of a local run ({@code bin/statefun run} on the embedded cluster): Flink
 * keeps its checkpoints there, retained when the run is stopped, and the next run of the same
 * modules resumes from the newest complete one. Runs on a Flink cluster never use it.
 */
final class LocalState implements AutoCloseable {

  /** The checkpoint interval of a local run whose configuration sets none. */
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

  /** Where the state directories of a working directory live, one per modules directory. */
  static final Path DEFAULT_ROOT = Path.of(".statefun", "state");

  /** The subdirectory of the final savepoints, next to the checkpoints' job directories. */
  static final String SAVEPOINTS = "savepoints";

  private final Path directory;
  private final boolean fresh;
  private final boolean allowNonRestoredState;
  private Optional<Checkpoint> resumedFrom = Optional.empty();
  private FileLock lock;

  private LocalState(Path directory, boolean fresh, boolean allowNonRestoredState) {
    this.directory = directory;
    this.fresh = fresh;
    this.allowNonRestoredState = allowNonRestoredState;
  }

  /**
   * The state directory for {@code arguments}: {@code --state-dir}, else a file {@code
   * execution.checkpointing.dir}, else {@code .statefun/state/<name>-<hash>} in the working
   * directory, named after the absolute modules directory.
   */
  static LocalState of(
      JobArguments arguments, Configuration configuration, Path workingDirectory, Path modules) {
    Path directory =
        arguments
            .stateDirectory()
            .map(workingDirectory::resolve)
            .or(() -> checkpointDirectory(configuration, workingDirectory))
            .orElseGet(() -> workingDirectory.resolve(DEFAULT_ROOT).resolve(name(modules)));
    return new LocalState(
        directory.toAbsolutePath().normalize(),
        arguments.fresh(),
        arguments.allowNonRestoredState());
  }

  Path directory() {
    return directory;
  }

  /** Where Ctrl-C puts the final savepoint ({@link FinalSavepoint}). */
  Path savepoints() {
    return directory.resolve(SAVEPOINTS);
  }

  /**
   * Sets checkpointing up in the configuration of the embedded cluster and says on {@code out}
   * where the state is and whether the run resumes.
   *
   * @return the checkpoint the run resumes from, if any
   */
  Optional<Checkpoint> configure(Configuration local, PrintStream out) {
    lock();
    removeRunsWithoutSnapshots(directory);
    checkpointByDefault(local);
    local.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    local.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, directory.toUri().toString());
    local.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    Duration interval = local.get(CheckpointingOptions.CHECKPOINTING_INTERVAL);
    out.println(
        "statefun: state in "
            + directory
            + " (a checkpoint every "
            + TimeUtils.formatWithHighestUnit(interval)
            + "; Ctrl-C stops with a final savepoint)");
    if (fresh) {
      out.println("statefun: --fresh: starting with empty state");
      return Optional.empty();
    }
    Optional<Checkpoint> latest =
        latest(
            directory,
            unreadable ->
                out.println(
                    "statefun: skipping "
                        + unreadable
                        + ": its _metadata is not a Flink checkpoint (corrupt or partly written)"));
    if (latest.isEmpty()) {
      out.println("statefun: no saved state yet, starting with empty state");
      return latest;
    }
    Checkpoint checkpoint = latest.get();
    // Claimed: Flink deletes the checkpoint once the new run has a newer one, so runs do not pile
    // up.
    local.set(StateRecoveryOptions.SAVEPOINT_PATH, checkpoint.directory().toUri().toString());
    local.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.CLAIM);
    local.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, allowNonRestoredState);
    resumedFrom = latest;
    out.println(
        "statefun: resuming from "
            + checkpoint.describe()
            + " taken "
            + checkpoint.takenAt()
            + " ("
            + checkpoint.directory()
            + ")");
    return latest;
  }

  /**
   * A local run checkpoints every {@link #DEFAULT_INTERVAL} unless {@code configuration} sets an
   * interval; {@code bin/statefun validate} checks the modules with the same setting.
   */
  static void checkpointByDefault(Configuration configuration) {
    if (!configuration.contains(CheckpointingOptions.CHECKPOINTING_INTERVAL)) {
      configuration.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, DEFAULT_INTERVAL);
    }
  }

  /** The checkpoint that {@link #configure} chose to resume from, if any. */
  Optional<Checkpoint> resumedFrom() {
    return resumedFrom;
  }

  /** The line for a resume that failed because the saved state does not fit the modules. */
  String notRestorable() {
    return "statefun: the saved state in "
        + directory
        + " does not match the modules any more: run with --fresh to start with empty state, or with"
        + " --allow-non-restored-state to keep what still matches and drop the rest";
  }

  /** Whether {@code failure} is Flink refusing to restore state that no operator claims. */
  static boolean isNotRestorable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.contains("allowNonRestoredState")
          || message.contains("Cannot map checkpoint/savepoint state")) {
        return true;
      }
    }
    return false;
  }

  /**
   * A completed checkpoint or savepoint: Flink writes {@code <dir>/<job id>/chk-<n>/_metadata} (or
   * {@code <dir>/savepoints/savepoint-<…>/_metadata}) last, so a {@code _metadata} file marks a
   * complete one.
   */
  record Checkpoint(long id, Path directory, Instant taken, boolean savepoint) {
    /** "checkpoint 12", or "the final savepoint" of a run stopped with Ctrl-C. */
    String describe() {
      return savepoint ? "the final savepoint" : "checkpoint " + id;
    }

    String takenAt() {
      return LocalTime.ofInstant(taken, ZoneId.systemDefault())
          .truncatedTo(ChronoUnit.SECONDS)
          .format(DateTimeFormatter.ISO_LOCAL_TIME);
    }
  }

  /**
   * The newest complete checkpoint under {@code directory}, of any earlier run; checkpoint
   * directories whose {@code _metadata} does not start as Flink's does are passed to {@code
   * unreadable} and skipped, so a corrupt newest one falls back to the one before.
   */
  static Optional<Checkpoint> latest(Path directory, Consumer<Path> unreadable) {
    if (!Files.isDirectory(directory)) {
      return Optional.empty();
    }
    try (Stream<Path> jobs = Files.list(directory)) {
      return jobs.filter(Files::isDirectory)
          .flatMap(
              dir ->
                  dir.getFileName().toString().equals(SAVEPOINTS)
                      ? snapshots(dir, "savepoint-.+", true)
                      : snapshots(dir, "chk-\\d+", false))
          .filter(
              checkpoint -> {
                boolean readable = hasCheckpointHeader(checkpoint.directory().resolve("_metadata"));
                if (!readable) {
                  unreadable.accept(checkpoint.directory());
                }
                return readable;
              })
          .max(
              Comparator.comparing(Checkpoint::taken)
                  .thenComparing(Checkpoint::savepoint)
                  .thenComparingLong(Checkpoint::id));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the state directory " + directory, e);
    }
  }

  private static boolean hasCheckpointHeader(Path metadata) {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(metadata))) {
      return in.readInt() == Checkpoints.HEADER_MAGIC_NUMBER;
    } catch (IOException e) {
      return false;
    }
  }

  private static Stream<Checkpoint> snapshots(Path parent, String namePattern, boolean savepoint) {
    try (Stream<Path> entries = Files.list(parent)) {
      return entries
          .filter(p -> p.getFileName().toString().matches(namePattern))
          .filter(p -> Files.isRegularFile(p.resolve("_metadata")))
          .map(
              p -> {
                try {
                  return new Checkpoint(
                      savepoint ? 0 : Long.parseLong(p.getFileName().toString().substring(4)),
                      p,
                      Files.getLastModifiedTime(p.resolve("_metadata")).toInstant(),
                      savepoint);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the state directory " + parent, e);
    }
  }

  /**
   * Takes the state directory's lock, held until {@link #close()}: two runs sharing one would
   * resume from, and then delete, the same checkpoints.
   */
  private void lock() {
    try {
      Files.createDirectories(directory);
      FileChannel channel =
          FileChannel.open(
              directory.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock taken;
      try {
        taken = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        taken = null; // held by this JVM
      }
      if (taken == null) {
        channel.close();
        throw new StartupException(
            "statefun: another run uses the state directory "
                + directory
                + ": stop it first, or give this run a state directory of its own with --state-dir"
                + " DIR",
            StartupException.INVALID);
      }
      lock = taken;
    } catch (IOException e) {
      throw new StartupException(
          "statefun: cannot use the state directory " + directory + ": " + e,
          StartupException.INVALID);
    }
  }

  /** Releases the state directory for other runs. */
  @Override
  public void close() {
    if (lock != null) {
      try {
        lock.channel().close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      lock = null;
    }
  }

  /**
   * Removes the directories of earlier runs that hold no complete checkpoint: once a resumed run
   * has a checkpoint of its own, Flink deletes the one it resumed from and leaves its job directory
   * empty.
   */
  static void removeRunsWithoutSnapshots(Path directory) {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path run :
          entries.filter(p -> p.getFileName().toString().matches("[0-9a-f]{32}")).toList()) {
        if (!holdsMetadata(run)) {
          deleteRecursively(run);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clean the state directory " + directory, e);
    }
  }

  private static boolean holdsMetadata(Path run) throws IOException {
    try (Stream<Path> files = Files.walk(run)) {
      return files.anyMatch(p -> p.getFileName().toString().equals("_metadata"));
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static Optional<Path> checkpointDirectory(
      Configuration configuration, Path workingDirectory) {
    return configuration
        .getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY)
        .map(
            value -> {
              URI uri = URI.create(value);
              if (uri.getScheme() == null) {
                return workingDirectory.resolve(value);
              }
              if (!"file".equals(uri.getScheme())) {
                throw new StartupException(
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY.key()
                        + " is "
                        + uri.getScheme()
                        + ":, but a local run keeps its state in a local directory: set --state-dir"
                        + " DIR instead",
                    StartupException.INVALID);
              }
              return Path.of(uri);
            });
  }

  /** {@code <last name>-<8 hex digits of the absolute path's SHA-256>}. */
  static String name(Path modules) {
    Path absolute = modules.toAbsolutePath().normalize();
    String last = absolute.getFileName() == null ? "root" : absolute.getFileName().toString();
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(absolute.toString().getBytes(StandardCharsets.UTF_8));
      return last.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
