package org.statefun.distribution.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.statefun.distribution.remote.ProtocolMessages.post;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * functions.js (the official JavaScript SDK) answers like {@link TestFunctions}; {@link
 * NodeFunctionServer} kills and restarts it on the same port. Skipped when Node.js or the npm
 * package is not available.
 */
class NodeFunctionServerTest extends TestFunctionsContract {

  static NodeFunctionServer server;

  /** Starts the server for the first test (each test is skipped, with the reason, without Node). */
  @BeforeEach
  void start() {
    if (server != null) {
      return;
    }
    server =
        NodeFunctionServer.start(
            Map.of(
                "EMBEDDED_TARGET",
                EMBEDDED.asTypeNameString(),
                "TTL_MS",
                String.valueOf(TTL.toMillis())));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  String url() {
    return server.url();
  }

  @Test
  void stopKillsTheProcessAndRestartListensOnTheSamePort() throws Exception {
    int port = server.port();
    server.stop();
    assertThat(server.isRunning()).isFalse();
    assertThatThrownBy(() -> post(server.url(), greet("n", 0, 1))).isInstanceOf(IOException.class);

    server.restart();

    assertThat(server.port()).isEqualTo(port);
    assertThat(outLines(invoke(server.url(), greet("n", 0, 1))))
        .containsExactly("Hello n, visit #1");
  }
}
