package org.statefun.examples.greeterremote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.testing.Deadline;
import org.statefun.core.testing.MiniClusters;
import org.statefun.loader.testing.CapturedStdout;
import org.statefun.loader.testing.EntrypointRuns;
import org.statefun.loader.testing.ModuleDirectories;

/**
 * The example as its README runs it: {@code java -jar target/greeter-remote-java.jar <port>} (the
 * packaged function server, in a process of its own), then the job with a copy of
 * modules/greeter-remote-java (module.yaml and names.txt unchanged; the endpoint URL from {@code
 * GREETER_URL}) until it ends.
 */
class GreeterRemoteJavaIT {

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2);

  static final Path JAR = Path.of("target/greeter-remote-java.jar");

  @Test
  void greetsEveryNameWithItsVisitCount(@TempDir Path dir) throws Exception {
    assertThat(JAR).as("the packaged function server (failsafe runs after package)").exists();
    int port = freePort();
    Path log = dir.resolve("greeter-server.log");
    Process server =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      Deadline.waitUntil(() -> !server.isAlive() || accepts(port), Duration.ofSeconds(30));
      assertThat(server.isAlive()).as("the function server runs: %s", read(log)).isTrue();
      ModuleDirectories.copy(Path.of("modules/greeter-remote-java"), dir.resolve("modules"));

      List<String> greetings;
      try (CapturedStdout stdout = new CapturedStdout()) {
        EntrypointRuns.run(dir, Map.of("GREETER_URL", "http://localhost:" + port + "/statefun"));
        greetings = stdout.linesStartingWith("Hello ");
      }

      assertThat(greetings)
          .containsExactlyInAnyOrder(
              "Hello Alice, this is visit #1",
              "Hello Bob, this is visit #1",
              "Hello Alice, this is visit #2",
              "Hello Carol, this is visit #1",
              "Hello Alice, this is visit #3",
              "Hello Bob, this is visit #2",
              "Hello Dave, this is visit #1");
      assertThat(read(log)).contains("greeter: serving remote-demo/greeter on http://localhost:");
    } finally {
      server.destroyForcibly();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e + ")";
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

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
