package org.statefun.distribution.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.statefun.distribution.remote.TestFunctionServer.Sdk;

/**
 * Many messages to few addresses: embedded/sink sends 300 numbered messages at once to each of
 * three sequencer addresses (max-batch-size 25). Each address receives them in the order sent — the
 * sequencer's state numbers them, so its output shows the order — and, for the recording Java
 * server, they arrive in batches of more than one message and never more than 25, full batches of
 * 25 among them.
 */
class RemoteBatchingIT extends RemoteFunctionsITBase {

  static final int MESSAGES = 300;
  static final int MAX_BATCH = 25;
  static final List<String> ADDRESSES = List.of("a", "b", "c");

  @ParameterizedTest
  @EnumSource(Sdk.class)
  void batchesPerAddressInOrderUpToTheMaximum(Sdk sdk) throws Exception {
    try (TestFunctionServer server = sdk.start()) {
      writeModule("remote", RemoteModuleYaml.commandsModule(server.url(), MAX_BATCH));
      StringBuilder commands = new StringBuilder();
      List<String> expected = new ArrayList<>();
      for (String address : ADDRESSES) {
        commands.append("embedded/sink burst-").append(address);
        commands.append(" burst ").append(MESSAGES).append(' ').append(address).append('\n');
        for (int i = 1; i <= MESSAGES; i++) {
          expected.add("out " + address + " #" + i + " " + i);
        }
      }
      writeFile("remote", "commands.txt", commands.toString());

      assertThat(runAndCollect("out ", Map.of())).containsExactlyInAnyOrderElementsOf(expected);

      if (server.java().isPresent()) {
        JavaFunctionServer java = server.java().get();
        for (String address : ADDRESSES) {
          String target = "remote-test/sequencer/" + address;
          List<JavaFunctionServer.Request> requests =
              java.requests().stream().filter(r -> r.address().equals(target)).toList();
          assertThat(requests)
              .as("%s: batches %s", target, java.batchSizes(target))
              .allMatch(r -> r.batchSize() >= 1 && r.batchSize() <= MAX_BATCH)
              .anyMatch(r -> r.batchSize() > 1)
              // 300 messages queue up at once: while one request is in flight the next fills up.
              .anyMatch(r -> r.batchSize() == MAX_BATCH);
          // Requests with states (all but the missing-state handshake) carry each message once.
          assertThat(
                  requests.stream()
                      .filter(r -> r.stateValues() > 0)
                      .mapToInt(JavaFunctionServer.Request::batchSize)
                      .sum())
              .isEqualTo(MESSAGES);
          assertThat(requests.stream().filter(r -> r.stateValues() > 0).count())
              .as("%s: at least %d requests of at most %d", target, MESSAGES / MAX_BATCH, MAX_BATCH)
              .isGreaterThanOrEqualTo(MESSAGES / MAX_BATCH);
        }
      }
    }
  }
}
