package org.statefun.distribution.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.statefun.sdk.java.types.Types;
import org.apache.flink.statefun.sdk.reqreply.generated.ToFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.statefun.distribution.remote.TestFunctionServer.Sdk;

/**
 * Remote function state end to end: kept per address across requests, registered through the
 * missing-state handshake, and expired by its TTL.
 */
class RemoteStateIT extends RemoteFunctionsITBase {

  /**
   * Names n0…n(names-1), name ni sent (i % 4) + 1 times, interleaved; returns the expected
   * greetings.
   */
  private List<String> writeInterleavedNames(int names, String function) throws Exception {
    List<String> commands = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int round = 1; round <= 4; round++) {
      for (int i = 0; i < names; i++) {
        if (round <= i % 4 + 1) {
          commands.add(function + " n" + i);
          expected.add("out Hello n" + i + ", visit #" + round);
        }
      }
    }
    writeFile("remote", "commands.txt", String.join("\n", commands) + "\n");
    return expected;
  }

  @ParameterizedTest
  @EnumSource(Sdk.class)
  void countsVisitsPerAddressAcrossRequests(Sdk sdk) throws Exception {
    try (TestFunctionServer server = sdk.start()) {
      // max-batch-size 1: every message is a request of its own, so each count comes from the
      // state the runtime kept and sent back.
      writeModule("remote", RemoteModuleYaml.commandsModule(server.url(), 1));
      List<String> expected = writeInterleavedNames(30, "remote-test/greeter");

      assertThat(runAndCollect("out ", Map.of())).containsExactlyInAnyOrderElementsOf(expected);
      server
          .java()
          .ifPresent(
              java -> {
                assertThat(java.requests())
                    .filteredOn(r -> r.address().startsWith("remote-test/greeter/"))
                    .allMatch(r -> r.batchSize() == 1)
                    .filteredOn(r -> r.stateValues() > 0)
                    .hasSize(expected.size());
              });
    }
  }

  @Test
  void registersTheStatesTheSdkReportsMissingThenSendsThemWithEveryRequest() throws Exception {
    try (JavaFunctionServer server = JavaFunctionServer.start(TestFunctions.all())) {
      writeModule("remote", RemoteModuleYaml.commandsModule(server.url(), 10));
      List<String> expected = writeInterleavedNames(8, "remote-test/greeter");

      assertThat(runAndCollect("out ", Map.of())).containsExactlyInAnyOrderElementsOf(expected);

      List<ToFunction.InvocationBatchRequest> requests =
          server.received().stream()
              .map(ToFunction::getInvocation)
              .filter(b -> b.getTarget().getType().equals("greeter"))
              .toList();
      assertThat(requests.get(0).getStateList())
          .as("the first request for the type: the runtime knows no states yet")
          .isEmpty();
      Map<String, Integer> seen = new HashMap<>();
      int handshakes = 0;
      for (int i = 0; i < requests.size(); i++) {
        ToFunction.InvocationBatchRequest request = requests.get(i);
        String address = JavaFunctionServer.address(request.getTarget());
        if (request.getStateCount() == 0) {
          handshakes++;
          // The SDK answered that states are missing: the same batch comes again, with them.
          ToFunction.InvocationBatchRequest again =
              requests.subList(i + 1, requests.size()).stream()
                  .filter(r -> r.getTarget().equals(request.getTarget()))
                  .findFirst()
                  .orElseThrow(
                      () -> new AssertionError("no retry after the handshake: " + address));
          assertThat(again.getInvocationsList()).isEqualTo(request.getInvocationsList());
          assertThat(again.getStateCount()).isEqualTo(2);
          continue;
        }
        assertThat(request.getStateList())
            .extracting(ToFunction.PersistedValue::getStateName)
            .containsExactlyInAnyOrder("seen", "last");
        ToFunction.PersistedValue seenState =
            request.getStateList().stream()
                .filter(s -> s.getStateName().equals("seen"))
                .findFirst()
                .orElseThrow();
        int before = seen.getOrDefault(address, 0);
        if (before == 0) {
          assertThat(seenState.getStateValue().getHasValue())
              .as("%s: no value before the first invocation", address)
              .isFalse();
        } else {
          assertThat(ProtocolMessages.read(Types.integerType(), seenState.getStateValue()))
              .as("%s: the count the previous requests left", address)
              .isEqualTo(before);
        }
        seen.put(address, before + request.getInvocationsCount());
      }
      assertThat(handshakes).isBetween(1, 8);
      Map<String, Integer> expectedCounts = new HashMap<>();
      for (int i = 0; i < 8; i++) {
        expectedCounts.put("remote-test/greeter/n" + i, i % 4 + 1);
      }
      assertThat(seen).isEqualTo(expectedCounts);
    }
  }

  /**
   * {@code gone} is counted once, then its count is read again by a delayed message it sent itself
   * 3 s later — after the 2 s TTL, by construction: delayed messages and state TTL both use Flink's
   * processing time, and a delayed message never fires early. So the count starts over at 1. The
   * control {@code kept} gets its two messages right after each other (the only timing assumption:
   * less than the 2 s TTL passes between two consecutive lines of the file) and counts 1, 2.
   */
  @ParameterizedTest
  @EnumSource(Sdk.class)
  void ttlCounterStartsOverAfterItsStateExpired(Sdk sdk) throws Exception {
    try (TestFunctionServer server = sdk.start(Duration.ofSeconds(2))) {
      writeModule("remote", RemoteModuleYaml.commandsModule(server.url(), 10));
      writeFile(
          "remote",
          "commands.txt",
          """
          remote-test/ttl-counter gone again 3000
          remote-test/ttl-counter kept
          remote-test/ttl-counter kept
          """);

      assertThat(runAndCollect("out ", Map.of()))
          .containsExactlyInAnyOrder("out gone 1", "out gone 1", "out kept 1", "out kept 2");
    }
  }
}
