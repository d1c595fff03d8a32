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
 * port, for tests; or another Node program, such as the example {@link #GREETER_EXAMPLE}.
 *
 * <p>The first {@link #start} of an {@link App} in a JVM copies {@code src/test/js} to {@code
 * target/node-functions} and runs {@code npm ci} there (skipped when the pinned SDK is installed
 * already). When {@code node} or {@code npm} is missing, or the package cannot be installed
 * (offline), the calling test is skipped with a JUnit assumption saying why. Paths are relative to
 * the working directory, which Maven sets to the module directory ({@code statefun-distribution}).
 *
 * <p>{@link #stop()} kills the process (SIGKILL: like a crashed server); {@link #restart()} starts
 * it again on the same port. The process's output goes to {@code
 * target/node-functions/functions-<port>.log}. The port is passed as the first argument and in the
 * environment variable {@code PORT}.
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

  /**
   * A Node program: {@code script} in {@code sources} next to its package.json and
   * package-lock.json, installed into {@code install}. It must listen on the port given as its
   * first argument or in the environment variable {@code PORT}.
   */
  public record App(Path sources, String script, Path install) {}

  /** The test functions (functions.js). */
  public static final App TEST_FUNCTIONS = new App(SOURCES, "functions.js", INSTALL);

  /** The JavaScript greeter example, {@code examples/greeter-remote/greeter.js}. */
  public static final App GREETER_EXAMPLE =
      new App(Path.of("../examples/greeter-remote"), "greeter.js", Path.of("target/node-greeter"));

  // Per install directory: why the app cannot run ("" when it can).
  private static final Map<Path, String> PREPARED = new java.util.HashMap<>();

  private final App app;
  private final int port;
  private final Map<String, String> environment;
  private Process process;

  private NodeFunctionServer(App app, int port, Map<String, String> environment) {
    this.app = app;
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
    return start(TEST_FUNCTIONS, environment);
  }

  /**
   * Starts {@code app} on a free port with extra environment variables; skips the calling test when
   * it cannot run.
   */
  public static NodeFunctionServer start(App app, Map<String, String> environment) {
    assumeAvailable(app);
    NodeFunctionServer server = new NodeFunctionServer(app, freePort(), environment);
    server.launch();
    return server;
  }

  /**
   * Installs the app's packages once per JVM and skips the calling test (JUnit assumption) when
   * Node, npm or the packages are not available.
   */
  public static void assumeAvailable(App app) {
    String unavailable;
    synchronized (PREPARED) {
      unavailable = PREPARED.computeIfAbsent(app.install(), i -> prepare(app));
    }
    Assumptions.assumeTrue(
        unavailable.isEmpty(), () -> "Node.js remote functions are not available: " + unavailable);
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
    return app.install().resolve(app.script().replace(".js", "") + "-" + port + ".log");
  }

  private synchronized void launch() {
    ProcessBuilder builder =
        new ProcessBuilder("node", app.script(), String.valueOf(port))
            .directory(app.install().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
    builder.environment().put("PORT", String.valueOf(port));
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
          app.script()
              + " did not listen on port "
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
          app.script() + " exited with code " + started.exitValue() + ":\n" + output());
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

  /** Copies the sources and installs the SDK; returns why that failed, or "". */
  private static String prepare(App app) {
    Path sources = app.sources();
    Path install = app.install();
    if (!Files.isRegularFile(sources.resolve(app.script()))) {
      return sources.toAbsolutePath().normalize()
          + "/"
          + app.script()
          + " not found (run from statefun-distribution)";
    }
    Result node = run(List.of("node", "--version"), Path.of("."), Duration.ofSeconds(30));
    if (node.code != 0) {
      return "node is not installed (" + node.output.strip() + ")";
    }
    try {
      Files.createDirectories(install);
      for (String file : List.of(app.script(), "package.json", "package-lock.json")) {
        Files.copy(
            sources.resolve(file), install.resolve(file), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      return "cannot copy " + sources + " to " + install + ": " + e;
    }
    if (installedSdk(install)) {
      return "";
    }
    List<String> npm = new ArrayList<>(List.of("npm", "ci", "--no-audit", "--no-fund"));
    Result online = run(npm, install, INSTALL_TIMEOUT);
    if (online.code == 0 && installedSdk(install)) {
      return "";
    }
    npm.add("--offline");
    Result offline = run(npm, install, INSTALL_TIMEOUT);
    if (offline.code == 0 && installedSdk(install)) {
      return "";
    }
    return "npm ci could not install apache-flink-statefun@"
        + SDK_VERSION
        + " (is npm installed, and the registry or the npm cache reachable?):\n"
        + tail(online.output);
  }

  private static boolean installedSdk(Path install) {
    Path packageJson = install.resolve("node_modules/apache-flink-statefun/package.json");
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
