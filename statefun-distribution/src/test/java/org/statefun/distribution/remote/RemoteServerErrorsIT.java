package org.statefun.distribution.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.statefun.sdk.reqreply.generated.ToFunction;
import org.junit.jupiter.api.Test;

/**
 * The function server answers HTTP 500 to 30 requests in the middle of the stream: each is retried
 * (the server receives the identical request again), the job does not fail, and the output is
 * exact.
 */
class RemoteServerErrorsIT extends RemoteFaultsITBase {

  static final int RECORDS = 200;
  static final int FAILURES = 30;

  @Test
  void http500IsRetriedUntilAnswered() throws Exception {
    try (JavaFunctionServer server = JavaFunctionServer.start(TestFunctions.all())) {
      writeCounterModule(server.url(), "1m", 10, RECORDS, 100, FaultRouters.TenIds.class);
      try (RunningJob job = start(Map.of(), RESTARTS)) {
        server.awaitRequests(20, WAIT);
        server.failNext(FAILURES);
        job.await(WAIT);
      }
      assertThat(server.injectedFailures()).isEqualTo(FAILURES);
      // A retry sends the same bytes; without retries no two requests are equal (each carries new
      // sequence numbers or new state).
      assertThat(repeatedRequests(server.received())).isEqualTo(FAILURES);
      assertThat(failure()).isEmpty();
      assertThat(restarted()).isFalse();
      assertThat(output())
          .containsExactlyInAnyOrderElementsOf(greetings(ids("k", 10), RECORDS / 10));
    }
  }

  /** How many requests equal an earlier one. */
  static int repeatedRequests(List<ToFunction> received) {
    Set<ToFunction> seen = new HashSet<>();
    int repeated = 0;
    for (ToFunction request : received) {
      if (!seen.add(request)) {
        repeated++;
      }
    }
    return repeated;
  }
}
