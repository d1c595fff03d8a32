package org.statefun.distribution.remote;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The test functions ({@link TestFunctions}, functions.js) served by one of the official SDKs, for
 * end-to-end tests parameterized over the SDK: {@code @ParameterizedTest @EnumSource(Sdk.class)}.
 * Starting the {@link Sdk#NODE} server skips the test (a JUnit assumption saying why) when Node.js
 * or the npm package is not available.
 */
public final class TestFunctionServer implements AutoCloseable {

  /** The SDK the functions are written with. */
  public enum Sdk {
    JAVA,
    NODE;

    /** Starts the functions, the forwarder sending to {@code embedded/sink}. */
    public TestFunctionServer start() {
      return start(TestFunctions.DEFAULT_TTL);
    }

    /** Starts the functions with {@code ttl} as the TTL counter's TTL. */
    public TestFunctionServer start(Duration ttl) {
      return switch (this) {
        case JAVA ->
            new TestFunctionServer(
                JavaFunctionServer.start(
                    TestFunctions.all(TestFunctions.DEFAULT_EMBEDDED_TARGET, ttl)),
                null);
        case NODE ->
            new TestFunctionServer(
                null, NodeFunctionServer.start(Map.of("TTL_MS", String.valueOf(ttl.toMillis()))));
      };
    }
  }

  private final JavaFunctionServer java;
  private final NodeFunctionServer node;

  private TestFunctionServer(JavaFunctionServer java, NodeFunctionServer node) {
    this.java = java;
    this.node = node;
  }

  /** The URL for a module.yaml endpoint. */
  public String url() {
    return java != null ? java.url() : node.url();
  }

  /** The port the server listens on. */
  public int port() {
    return java != null ? java.port() : node.port();
  }

  /** The Java server, which records the requests it receives; empty for Node. */
  public Optional<JavaFunctionServer> java() {
    return Optional.ofNullable(java);
  }

  /** The Node server's output (for failure messages); empty for Java. */
  public String output() {
    return node != null ? node.output() : "";
  }

  @Override
  public void close() {
    if (java != null) {
      java.close();
    }
    if (node != null) {
      node.close();
    }
  }
}
