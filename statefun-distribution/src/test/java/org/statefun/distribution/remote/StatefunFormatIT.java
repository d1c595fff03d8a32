package org.statefun.distribution.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.statefun.distribution.remote.TestFunctionServer.Sdk;

/**
 * A StateFun 3.x module.yaml as StateFun reads it — multi-document, comments, an empty document,
 * {@code io.statefun.endpoints.v2/http} with {@code functions: ns/*}, {@code urlPathTemplate} with
 * {@code {function.name}}, the async transport — runs unchanged next to a format 1 module that
 * wires a file ingress, a router and print and file egresses to the StateFun module's functions.
 */
class StatefunFormatIT extends RemoteFunctionsITBase {

  @ParameterizedTest
  @EnumSource(Sdk.class)
  void aStatefunModuleRunsNextToAFormatOneModule(Sdk sdk) throws Exception {
    try (TestFunctionServer server = sdk.start()) {
      writeModule(
          "statefun-fns",
          """
          # flink-statefun-playground style: the endpoint only
          ---
          kind: io.statefun.endpoints.v2/http
          spec:
            functions: remote-test/*
            urlPathTemplate: http://localhost:%d/{function.name}
            maxNumBatchRequests: 50
            transport:
              type: io.statefun.transports.v1/async
              call: 1m
              connect: 10s
          ---
          """
              .formatted(server.port()));
      writeModule(
          "wiring",
          """
          version: 1
          ingresses:
            - id: wiring/names
              kind: file
              spec: { path: names.txt }
          routers:
            - ingress: wiring/names
              target: remote-test/greeter
          egresses:
            - id: remote-test/out
              kind: print
              spec: { prefix: "out " }
          """);
      writeFile("wiring", "names.txt", "Alice\nBob\nAlice\nCarol\nAlice\n");

      assertThat(runAndCollect("out ", Map.of()))
          .containsExactlyInAnyOrder(
              "out Hello Alice, visit #1",
              "out Hello Bob, visit #1",
              "out Hello Alice, visit #2",
              "out Hello Carol, visit #1",
              "out Hello Alice, visit #3");
    }
  }
}
