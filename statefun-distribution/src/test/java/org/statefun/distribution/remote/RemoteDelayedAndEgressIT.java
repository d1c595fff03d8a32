package org.statefun.distribution.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.statefun.distribution.remote.TestFunctionServer.Sdk;

/** Delayed messages with cancellation, and the built-in print and file egresses. */
class RemoteDelayedAndEgressIT extends RemoteFunctionsITBase {

  /**
   * Address d schedules {@code drop} an hour ahead and cancels it, and schedules {@code keep} 100
   * ms ahead; address e schedules its own {@code drop} 200 ms ahead (tokens are per address, so d's
   * cancellation leaves it alone). A bounded job ends only when no delayed message is pending: the
   * job ending at all (well within the hour) proves the cancelled message is gone, and it never
   * fired.
   */
  @ParameterizedTest
  @EnumSource(Sdk.class)
  void aCancelledDelayedMessageNeverArrivesAndOthersDo(Sdk sdk) throws Exception {
    try (TestFunctionServer server = sdk.start()) {
      writeModule("remote", RemoteModuleYaml.commandsModule(server.url(), 10));
      writeFile(
          "remote",
          "commands.txt",
          """
          remote-test/delayed d schedule drop 3600000
          remote-test/delayed d cancel drop
          remote-test/delayed d schedule keep 100
          remote-test/delayed e schedule drop 200
          """);

      try (RunningJob job = start(Map.of())) {
        job.await(WAIT);
        assertThat(job.lines("out "))
            .containsExactlyInAnyOrder(
                "out scheduled drop",
                "out cancelled drop",
                "out scheduled keep",
                "out scheduled drop",
                "out fired keep",
                "out fired drop");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Sdk.class)
  void remoteFunctionsWriteToThePrintAndFileEgresses(Sdk sdk) throws Exception {
    try (TestFunctionServer server = sdk.start()) {
      writeModule(
          "remote",
          "version: 1\n"
              + "endpoints:\n"
              + RemoteModuleYaml.endpoint("remote-test/*", server.url(), 10)
              + """
              egresses:
                - id: remote-test/out
                  kind: file
                  spec: { path: out }
                - id: remote-test/echoes
                  kind: print
                  spec: { prefix: "echoes> " }
                - id: remote-test/kafka-out
                  kind: print
              """
              + RemoteModuleYaml.COMMANDS);
      writeFile(
          "remote",
          "commands.txt",
          """
          remote-test/greeter a
          remote-test/greeter b
          remote-test/greeter a
          remote-test/echo x héllo wörld
          remote-test/echo y second
          """);

      assertThat(runAndCollect("echoes> ", Map.of()))
          .containsExactlyInAnyOrder("echoes> héllo wörld", "echoes> second");
      assertThat(fileEgressLines(modules().resolve("remote/out")))
          .containsExactlyInAnyOrder(
              "Hello a, visit #1",
              "Hello b, visit #1",
              "Hello a, visit #2",
              "echo string héllo wörld",
              "echo string second");
    }
  }
}
