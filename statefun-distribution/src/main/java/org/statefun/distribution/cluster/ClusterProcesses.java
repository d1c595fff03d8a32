package org.statefun.distribution.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The processes a {@link ClusterDirectory} records: a pid counts only while it is alive and its
 * command line names this directory's conf/ (so a pid reused by another program is never touched).
 */
public final class ClusterProcesses {

  private final ClusterDirectory directory;

  /** The processes recorded in {@code directory}. */
  public ClusterProcesses(ClusterDirectory directory) {
    this.directory = directory;
  }

  /** Process {@code name}, if it runs and is one this directory started. */
  public Optional<ProcessHandle> running(String name) {
    return directory
        .pid(name)
        .flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive)
        .filter(this::startedHere);
  }

  /** Every recorded process that runs, by name, JobManager first. */
  public Map<String, ProcessHandle> running() {
    Map<String, ProcessHandle> running = new LinkedHashMap<>();
    for (String name : directory.processNames()) {
      running(name).ifPresent(p -> running.put(name, p));
    }
    return running;
  }

  /**
   * Stops process {@code name} (SIGTERM, then SIGKILL after {@code graceSeconds}) and removes its
   * pid file.
   *
   * @return whether it was running
   */
  public boolean stop(String name, long graceSeconds) throws InterruptedException {
    Optional<ProcessHandle> process = running(name);
    if (process.isPresent()) {
      CompletableFuture<ProcessHandle> exited = process.get().onExit();
      process.get().destroy();
      try {
        exited.get(graceSeconds, TimeUnit.SECONDS);
      } catch (TimeoutException | ExecutionException e) {
        process.get().destroyForcibly();
        try {
          exited.get(graceSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException ignored) {
          // reported below as still running
        }
      }
    }
    if (process.isPresent() && process.get().isAlive()) {
      throw new ClusterException(
          name + " (pid " + process.get().pid() + ") did not stop; kill it by hand");
    }
    forget(name);
    return process.isPresent();
  }

  /**
   * Kills process {@code name} with SIGKILL at once (no shutdown of any kind, as a crash would),
   * waits until it is gone and removes its pid file.
   */
  public void kill(String name) throws InterruptedException {
    ProcessHandle process =
        running(name).orElseThrow(() -> new ClusterException(name + " does not run"));
    process.destroyForcibly();
    try {
      process.onExit().get(30, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new ClusterException(name + " (pid " + process.pid() + ") survived SIGKILL");
    }
    forget(name);
  }

  /** Removes the pid file of {@code name}. */
  public void forget(String name) {
    try {
      Files.deleteIfExists(directory.pidFile(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether {@code process} runs with {@code --configDir <this conf/>}. Reads /proc/PID/cmdline
   * where it exists: {@link ProcessHandle.Info#arguments()} is empty for command lines as long as
   * Flink's (its class path).
   */
  private boolean startedHere(ProcessHandle process) {
    String conf = directory.conf().toString();
    Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
    if (Files.exists(cmdline)) {
      try {
        List<String> args = List.of(Files.readString(cmdline).split("\0"));
        return args.contains(conf);
      } catch (IOException e) {
        return false;
      }
    }
    return process.info().commandLine().map(c -> c.contains(" " + conf)).orElse(false);
  }
}
