package org.statefun.distribution.remote;

/**
 * module.yaml text for end-to-end tests of remote functions, in the two formats the loader reads:
 * format 1 with an {@code endpoints:} list, and StateFun 3.x multi-document YAML ({@code kind:
 * io.statefun.endpoints.v2/http}).
 */
public final class RemoteModuleYaml {
  private RemoteModuleYaml() {}

  /**
   * One entry of a format 1 {@code endpoints:} list (indented for it): {@code functions} ({@code
   * ns/name} or {@code ns/*}) served at {@code url}, at most {@code maxBatchSize} messages per
   * request, with test-friendly timeouts.
   */
  public static String endpoint(String functions, String url, int maxBatchSize) {
    return """
          - functions: %s
            url: %s
            max-batch-size: %d
            transport: { call: 1m, connect: 10s, read: 30s, write: 30s }
        """
        .formatted(functions, url, maxBatchSize);
  }

  /** A StateFun 3.x endpoint document (no leading {@code ---}). */
  public static String statefunEndpoint(String functions, String urlTemplate, int maxBatchSize) {
    return """
        kind: io.statefun.endpoints.v2/http
        spec:
          functions: %s
          urlPathTemplate: %s
          maxNumBatchRequests: %d
          transport:
            type: io.statefun.transports.v1/async
            call: 1m
            connect: 10s
        """
        .formatted(functions, urlTemplate, maxBatchSize);
  }

  /**
   * A format 1 module with the test functions ({@code remote-test/*} at {@code url}), the embedded
   * {@link EmbeddedSink} as {@code embedded/sink}, and print egresses: {@code remote-test/out}
   * (prefix {@code "out "}), {@code remote-test/echoes} ({@code "echoes "}), {@code
   * remote-test/kafka-out} ({@code "kafka "}) and {@code embedded/out} (no prefix: its lines start
   * with {@code "embedded "}). {@code ingressesAndRouters} is appended as is (format 1 {@code
   * ingresses:} and {@code routers:} lists).
   */
  public static String testModule(String url, int maxBatchSize, String ingressesAndRouters) {
    return "version: 1\n"
        + "module: remote-test\n"
        + "endpoints:\n"
        + endpoint(TestFunctions.NAMESPACE + "/*", url, maxBatchSize)
        + """
        functions:
          - type: embedded/sink
            class: org.statefun.distribution.remote.EmbeddedSink
        egresses:
          - id: remote-test/out
            kind: print
            spec: { prefix: "out " }
          - id: remote-test/echoes
            kind: print
            spec: { prefix: "echoes " }
          - id: remote-test/kafka-out
            kind: print
            spec: { prefix: "kafka " }
          - id: embedded/out
            kind: print
        """
        + ingressesAndRouters;
  }

  /**
   * A format 1 {@code ingresses:}/{@code routers:} pair: the file {@code commands.txt} (next to the
   * module.yaml) read line by line and routed by {@link AddressedRouter} ({@code
   * "<namespace>/<type> <id> [<message>]"}).
   */
  public static final String COMMANDS =
      """
      ingresses:
        - id: remote-test/commands
          kind: file
          spec: { path: commands.txt }
      routers:
        - ingress: remote-test/commands
          class: org.statefun.distribution.remote.AddressedRouter
      """;

  /** {@link #testModule} driven by {@link #COMMANDS}. */
  public static String commandsModule(String url, int maxBatchSize) {
    return testModule(url, maxBatchSize, COMMANDS);
  }
}
