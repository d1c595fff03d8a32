package org.statefun.distribution.remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.statefun.core.testing.Deadline;

/**
 * Runs {@code src/test/js/functions.js} (the test functions, served with the official StateFun
 * JavaScript SDK, npm package {@code apache-flink-statefun}) in a Node process on a free localhost
 * port, for tests.
 *
 * <p>The first {@link #start} of a JVM copies {@code src/test/js} to {@code target/node-functions}
 * and runs {@code npm ci} there (skipped when the pinned SDK is installed already). When {@code
 * node} or {@code npm} is missing, or the package cannot be installed (offline), the calling test
 * is skipped with a JUnit assumption saying why. Paths are relative to the working directory, which
 * Maven sets to the module directory ({@code statefun-distribution}).
 *
 * <p>{@link #stop()} kills the process (SIGKILL: like a crashed server); {@link #restart()} starts
 * it again on the same port. The process's output goes to {@code
 * target/node-functions/functions-<port>.log}.
 */
public final class NodeFunctionServer implements AutoCloseable {

  /** The JavaScript sources: functions.js, package.json, package-lock.json. */
  public static final Path SOURCES = Path.of("src/test/js");

  /** Where the sources are copied and the SDK installed. */
  public static final Path INSTALL = Path.of("target/node-functions");

  /** The SDK version pinned by package.json. */
  public static final String SDK_VERSION = "3.3.0";

  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private static String unavailable; // why Node functions cannot run; null once installed
  private static boolean prepared;

  private final int port;
  private final Map<String, String> environment;
  private Process process;

  private NodeFunctionServer(int port, Map<String, String> environment) {
    this.port = port;
    this.environment = Map.copyOf(environment);
  }

  /**
   * Starts the functions on a free port, the forwarder sending to {@code embedded/sink} and the TTL
   * counter's count living 2 s; skips the calling test when Node functions cannot run.
   */
  public static NodeFunctionServer start() {
    return start(Map.of());
  }

  /**
   * Starts the functions on a free port with extra environment variables ({@code EMBEDDED_TARGET},
   * {@code TTL_MS}: see functions.js); skips the calling test when Node functions cannot run.
   */
  public static NodeFunctionServer start(Map<String, String> environment) {
    assumeAvailable();
    NodeFunctionServer server = new NodeFunctionServer(freePort(), environment);
    server.launch();
    return server;
  }

  /**
   * Installs the SDK once per JVM and skips the calling test (JUnit assumption) when Node, npm or
   * the package is not available.
   */
  public static synchronized void assumeAvailable() {
    if (!prepared) {
      prepared = true;
      unavailable = prepare();
    }
    Assumptions.assumeTrue(
        unavailable == null, () -> "Node.js remote functions are not available: " + unavailable);
  }

  public int port() {
    return port;
  }

  /** The URL for a module.yaml endpoint (the path does not matter to the SDK's handler). */
  public String url() {
    return "http://localhost:" + port + "/statefun";
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Kills the process abruptly (SIGKILL) and waits for it to end. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Starts the process again, on the same port. */
  public synchronized void restart() {
    if (isRunning()) {
      throw new IllegalStateException("the Node function server is running");
    }
    launch();
  }

  @Override
  public void close() {
    stop();
  }

  /** The process's output so far. */
  public String output() {
    try {
      return Files.readString(logFile(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  private Path logFile() {
    return INSTALL.resolve("functions-" + port + ".log");
  }

  private synchronized void launch() {
    ProcessBuilder builder =
        new ProcessBuilder("node", "functions.js", String.valueOf(port))
            .directory(INSTALL.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
    builder.environment().putAll(environment);
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node", e);
    }
    Process started = process;
    try {
      Deadline.waitUntil(() -> !started.isAlive() || accepts(port), START_TIMEOUT);
    } catch (TimeoutException e) {
      stop();
      throw new IllegalStateException(
          "functions.js did not listen on port "
              + port
              + " within "
              + START_TIMEOUT
              + ":\n"
              + output(),
          e);
    }
    if (!started.isAlive()) {
      process = null;
      throw new IllegalStateException(
          "functions.js exited with code " + started.exitValue() + ":\n" + output());
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies the sources and installs the SDK; returns why that failed, or null. */
  private static String prepare() {
    if (!Files.isRegularFile(SOURCES.resolve("functions.js"))) {
      return SOURCES.toAbsolutePath() + "/functions.js not found (run from statefun-distribution)";
    }
    Result node = run(List.of("node", "--version"), Path.of("."), Duration.ofSeconds(30));
    if (node.code != 0) {
      return "node is not installed (" + node.output.strip() + ")";
    }
    try {
      Files.createDirectories(INSTALL);
      for (String file : List.of("functions.js", "package.json", "package-lock.json")) {
        Files.copy(
            SOURCES.resolve(file), INSTALL.resolve(file), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      return "cannot copy " + SOURCES + " to " + INSTALL + ": " + e;
    }
    if (installedSdk()) {
      return null;
    }
    List<String> npm = new ArrayList<>(List.of("npm", "ci", "--no-audit", "--no-fund"));
    Result install = run(npm, INSTALL, INSTALL_TIMEOUT);
    if (install.code == 0 && installedSdk()) {
      return null;
    }
    npm.add("--offline");
    Result offline = run(npm, INSTALL, INSTALL_TIMEOUT);
    if (offline.code == 0 && installedSdk()) {
      return null;
    }
    return "npm ci could not install apache-flink-statefun@"
        + SDK_VERSION
        + " (is npm installed, and the registry or the npm cache reachable?):\n"
        + tail(install.output);
  }

  private static boolean installedSdk() {
    Path packageJson = INSTALL.resolve("node_modules/apache-flink-statefun/package.json");
    try {
      return Files.isRegularFile(packageJson)
          && Files.readString(packageJson).contains("\"version\": \"" + SDK_VERSION + "\"");
    } catch (IOException e) {
      return false;
    }
  }

  private record Result(int code, String output) {}

  private static Result run(List<String> command, Path directory, Duration timeout) {
    try {
      Path output = Files.createTempFile("statefun-node", ".log");
      try {
        Process process =
            new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          return new Result(-1, String.join(" ", command) + " timed out after " + timeout);
        }
        return new Result(process.exitValue(), Files.readString(output));
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      return new Result(-1, String.join(" ", command) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }

  private static String tail(String text) {
    String[] lines = text.split("\n");
    return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 15), lines.length));
  }
}
