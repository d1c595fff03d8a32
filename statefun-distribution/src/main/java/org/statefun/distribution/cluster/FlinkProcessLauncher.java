package org.statefun.distribution.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts JobManager and TaskManager processes of a {@link ClusterDirectory} from Flink's jars (the
 * class path the build resolves), the way Flink's own scripts would: memory flags from {@code
 * BashJavaUtils}, the Java 17 module flags, a log file per process. Each process runs in its own
 * session ({@code setsid}) so that it outlives the command that started it and no terminal signal
 * reaches it; its pid goes to {@code <name>.pid}.
 */
public final class FlinkProcessLauncher {

  /** What a process is: its resource query for {@code BashJavaUtils} and its main class. */
  public enum Role {
    JOBMANAGER(
        "GET_JM_RESOURCE_PARAMS",
        "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint"),
    TASKMANAGER(
        "GET_TM_RESOURCE_PARAMS", "org.apache.flink.runtime.taskexecutor.TaskManagerRunner");

    private final String resources;
    private final String mainClass;

    Role(String resources, String mainClass) {
      this.resources = resources;
      this.mainClass = mainClass;
    }
  }

  /** The JVM flags Flink's scripts use on Java 17 (the same list as bin/statefun). */
  public static final List<String> JAVA_17_FLAGS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final ClusterDirectory directory;
  private final String classpath;
  private final Map<Role, List<String>> memorySettings = new EnumMap<>(Role.class);

  /**
   * A launcher for the processes of {@code directory} (whose conf/ must be written) with Flink's
   * jars {@code classpath}.
   */
  public FlinkProcessLauncher(ClusterDirectory directory, String classpath) {
    this.directory = directory;
    this.classpath = classpath;
  }

  /** Reads the class path from a file such as target/flink-classpath.txt. */
  public static String classpathFrom(Path file) throws IOException {
    return Files.readString(file).strip();
  }

  /** Starts process {@code name} in {@code role} and records its pid. */
  public ProcessHandle start(String name, Role role) throws IOException, InterruptedException {
    List<String> settings = memorySettings(role);
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      // setsid execs java in place (a child is never a process group leader): the pid is java's.
      command.add(SETSID.toString());
    }
    command.add(java());
    command.addAll(split(settings.get(0)));
    command.addAll(JAVA_17_FLAGS);
    command.add("-Dlog.file=" + directory.log(name));
    command.add("-Dlog4j.configurationFile=" + directory.conf().resolve("log4j.properties"));
    command.addAll(List.of("-cp", classpath, role.mainClass));
    command.addAll(List.of("--configDir", directory.conf().toString()));
    command.addAll(split(settings.get(1)));
    Files.createDirectories(directory.logs());
    Process process =
        new ProcessBuilder(command)
            .directory(directory.root().toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.out(name).toFile()))
            .start();
    Files.writeString(directory.pidFile(name), process.pid() + "\n");
    awaitExec(process, java());
    return process.toHandle();
  }

  /**
   * Waits (at most 10 s) until {@code process} runs {@code program}: setsid execs it in place, and
   * until then the pid's command line is setsid's, or for an instant while exec swaps it, empty. A
   * check of the process (its command line must name this conf/) in that instant would find none,
   * and report a process that is starting as stopped.
   */
  private static void awaitExec(Process process, String program) throws InterruptedException {
    Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (process.isAlive() && Files.exists(cmdline) && System.nanoTime() < deadline) {
      try {
        if (Files.readString(cmdline).startsWith(program + "\0")) {
          return;
        }
      } catch (IOException e) {
        return; // the process is gone; whoever checks it next reports that
      }
      Thread.sleep(5);
    }
  }

  /** The JVM flags and dynamic properties of {@code BashJavaUtils} for {@code role}. */
  private List<String> memorySettings(Role role) throws IOException, InterruptedException {
    List<String> known = memorySettings.get(role);
    if (known != null) {
      return known;
    }
    Process process =
        new ProcessBuilder(
                java(),
                "-cp",
                classpath,
                "org.apache.flink.runtime.util.bash.BashJavaUtils",
                role.resources,
                "--configDir",
                directory.conf().toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = process.waitFor();
    List<String> results =
        output
            .lines()
            .filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
            .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()).strip())
            .toList();
    if (code != 0 || results.size() != 2) {
      String reason =
          output.lines().filter(l -> l.contains("Exception")).findFirst().orElse(output.strip());
      throw new ClusterException(
          "Flink could not compute the memory settings from "
              + directory.conf().resolve("config.yaml")
              + ": "
              + reason);
    }
    memorySettings.put(role, results);
    return results;
  }

  private static List<String> split(String flags) {
    return flags.isBlank() ? List.of() : List.of(flags.strip().split("\\s+"));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
