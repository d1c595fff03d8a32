package org.statefun.distribution.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The directory of one local cluster: {@code conf/} (Flink's config.yaml and log4j.properties),
 * {@code log/} (a log and an .out file per process), one {@code <process>.pid} file per process
 * started, {@code checkpoints/} and {@code savepoints/}.
 *
 * @param root the directory
 */
public record ClusterDirectory(Path root) {

  public ClusterDirectory {
    root = root.toAbsolutePath().normalize();
  }

  /** Flink's configuration directory ({@code --configDir} of every process). */
  public Path conf() {
    return root.resolve("conf");
  }

  /** Where each process writes {@code <name>.log} and {@code <name>.out}. */
  public Path logs() {
    return root.resolve("log");
  }

  /** Where the cluster's checkpoints go ({@code execution.checkpointing.dir}). */
  public Path checkpoints() {
    return root.resolve("checkpoints");
  }

  /** Where savepoints go by default ({@code execution.checkpointing.savepoint-dir}). */
  public Path savepoints() {
    return root.resolve("savepoints");
  }

  /** The pid file of process {@code name} (e.g. {@code jobmanager}, {@code taskmanager-2}). */
  public Path pidFile(String name) {
    return root.resolve(name + ".pid");
  }

  /** The log of process {@code name}. */
  public Path log(String name) {
    return logs().resolve(name + ".log");
  }

  /** The standard output and error of process {@code name} (print egresses write here). */
  public Path out(String name) {
    return logs().resolve(name + ".out");
  }

  /** The names of the processes that have a pid file, JobManager first. */
  public List<String> processNames() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(root)) {
      List<String> names =
          new ArrayList<>(
              files
                  .map(f -> f.getFileName().toString())
                  .filter(f -> f.endsWith(".pid"))
                  .map(f -> f.substring(0, f.length() - ".pid".length()))
                  .sorted(ClusterDirectory::byRoleAndNumber)
                  .toList());
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The pid recorded for process {@code name}, if its pid file exists and holds a number. */
  public Optional<Long> pid(String name) {
    try {
      return Optional.of(Long.parseLong(Files.readString(pidFile(name)).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The REST port recorded in conf/config.yaml, if the cluster was configured here. */
  public Optional<Integer> restPort() {
    Path config = conf().resolve("config.yaml");
    if (!Files.exists(config)) {
      return Optional.empty();
    }
    try {
      return Files.readAllLines(config).stream()
          .filter(l -> l.startsWith("rest.port:"))
          .map(l -> Integer.parseInt(l.substring("rest.port:".length()).strip()))
          .reduce((first, last) -> last);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static int byRoleAndNumber(String a, String b) {
    return Long.compare(order(a), order(b));
  }

  private static long order(String name) {
    if (name.equals("jobmanager")) {
      return -1;
    }
    int dash = name.lastIndexOf('-');
    try {
      return Long.parseLong(name.substring(dash + 1));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
