package org.statefun.distribution.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A slow function server (every answer 20 ms late) and an unthrottled bounded ingress: the runtime
 * keeps at most {@code statefun.async.max-per-task} × parallelism requests in flight (here 8 × 2)
 * and sends at most {@code max-batch-size} messages per request, and the job completes with exact
 * output. Without the small limit the same job has many more requests in flight: the bound is the
 * limit's doing.
 */
class RemoteBackpressureIT extends RemoteFaultsITBase {

  static final int MAX_PER_TASK = 8;
  static final int PARALLELISM = 2;
  static final int MAX_BATCH = 10;
  static final int RECORDS = 1000;
  static final int HOT_RECORDS = 300;

  @Test
  void manyAddressesKeepAtMostTheAsyncLimitInFlight() throws Exception {
    try (JavaFunctionServer server = JavaFunctionServer.start(TestFunctions.all())) {
      server.delayEach(Duration.ofMillis(20));
      writeCounterModule(server.url(), "1m", MAX_BATCH, RECORDS, 0, FaultRouters.ManyIds.class);

      run(Map.of(), concat(NO_RESTARTS, "-Dstatefun.async.max-per-task=" + MAX_PER_TASK));

      assertThat(server.maxConcurrentRequests())
          .isLessThanOrEqualTo(MAX_PER_TASK * PARALLELISM)
          .isGreaterThan(1);
      assertBatchesAtMost(server, MAX_BATCH);
      assertThat(output())
          .containsExactlyInAnyOrderElementsOf(greetings(ids("a", 200), RECORDS / 200));
    }
  }

  /** The control: the assertion above catches a runtime that does not limit its requests. */
  @Test
  void withTheDefaultLimitTheSameJobHasMoreInFlight() throws Exception {
    try (JavaFunctionServer server = JavaFunctionServer.start(TestFunctions.all())) {
      server.delayEach(Duration.ofMillis(20));
      writeCounterModule(server.url(), "1m", MAX_BATCH, RECORDS, 0, FaultRouters.ManyIds.class);

      run(Map.of(), NO_RESTARTS);

      assertThat(server.maxConcurrentRequests()).isGreaterThan(MAX_PER_TASK * PARALLELISM);
      assertThat(output())
          .containsExactlyInAnyOrderElementsOf(greetings(ids("a", 200), RECORDS / 200));
    }
  }

  @Test
  void oneHotAddressGetsOneRequestAtATimeInBatchesOfAtMostTheMaximum() throws Exception {
    try (JavaFunctionServer server = JavaFunctionServer.start(TestFunctions.all())) {
      server.delayEach(Duration.ofMillis(5));
      writeCounterModule(server.url(), "1m", MAX_BATCH, HOT_RECORDS, 0, FaultRouters.OneId.class);

      run(Map.of(), concat(NO_RESTARTS, "-Dstatefun.async.max-per-task=" + MAX_PER_TASK));

      assertThat(server.maxConcurrentRequests()).isEqualTo(1);
      assertBatchesAtMost(server, MAX_BATCH);
      List<Integer> sizes = server.batchSizes("remote-test/greeter/hot");
      // every message is in one batch, plus the first one once more (the SDK asked for its state)
      assertThat(sizes.stream().mapToInt(Integer::intValue).sum())
          .isEqualTo(HOT_RECORDS + sizes.get(0));
      assertThat(output())
          .containsExactlyInAnyOrderElementsOf(greetings(List.of("hot"), HOT_RECORDS));
    }
  }

  static void assertBatchesAtMost(JavaFunctionServer server, int max) {
    assertThat(server.batchSizes())
        .allSatisfy(
            (address, sizes) -> assertThat(sizes).allMatch(size -> size >= 1 && size <= max));
  }
}
