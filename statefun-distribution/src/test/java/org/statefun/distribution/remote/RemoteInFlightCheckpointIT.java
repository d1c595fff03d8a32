package org.statefun.distribution.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.flink.statefun.sdk.reqreply.generated.ToFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checkpoints complete while the first batch of each of 10 addresses is in flight (the server holds
 * them); then the job fails (the call timeout passes unanswered) and restarts from such a
 * checkpoint. The restored in-flight batches are sent again — the server receives each first batch
 * twice, byte for byte — and still every message counts once: the file egress holds each greeting
 * once, with exact per-address counts. On both state backends.
 */
class RemoteInFlightCheckpointIT extends RemoteFaultsITBase {

  static final int ADDRESSES = 10;
  static final int PER_ADDRESS = 5;

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void inFlightBatchesAreSentAgainAfterARestoreAndCountOnce(String backend) throws Exception {
    try (JavaFunctionServer server = JavaFunctionServer.start(TestFunctions.all())) {
      server.hang();
      writeCounterModule(
          server.url(), "4s", 10, ADDRESSES * PER_ADDRESS, 0, FaultRouters.TenIds.class);
      String failure;
      try (RunningJob job = start(Map.of(), concat(RESTARTS, "-Dstate.backend.type=" + backend))) {
        server.awaitHanging(ADDRESSES, WAIT);
        awaitCheckpoints(2); // the second began with every first batch in flight
        assertThat(server.hangingRequests()).isEqualTo(ADDRESSES);
        assertThat(failure()).isEmpty();
        failure = awaitFailure(); // the call timeout of the held requests passes
        server.release();
        job.await(WAIT);
      }
      assertThat(failure)
          .contains(
              "Remote function remote-test/greeter at http://localhost:"
                  + server.port()
                  + "/statefun failed: attempt timed out")
          .contains("until the call timeout of 4000 ms passed");
      assertThat(restarted()).isTrue();
      assertThat(graph().getStateBackendName())
          .hasValueSatisfying(name -> assertThat(name.toLowerCase()).contains(backend));

      List<ToFunction> received = server.received();
      List<ToFunction> held = received.subList(0, ADDRESSES);
      assertThat(held)
          .extracting(r -> JavaFunctionServer.address(r.getInvocation().getTarget()))
          .containsExactlyInAnyOrderElementsOf(
              ids("k", ADDRESSES).stream().map(id -> "remote-test/greeter/" + id).toList());
      for (ToFunction first : held) {
        assertThat(received.stream().filter(first::equals).count())
            .as("requests equal to the held first batch of %s", first.getInvocation().getTarget())
            .isEqualTo(2);
      }
      assertThat(output())
          .containsExactlyInAnyOrderElementsOf(greetings(ids("k", ADDRESSES), PER_ADDRESS));
    }
  }
}
