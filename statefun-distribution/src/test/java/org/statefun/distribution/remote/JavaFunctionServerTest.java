package org.statefun.distribution.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.statefun.distribution.remote.ProtocolMessages.post;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.statefun.sdk.reqreply.generated.FromFunction;
import org.apache.flink.statefun.sdk.reqreply.generated.ToFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link JavaFunctionServer}: {@link TestFunctions} over HTTP, its records and fault switches. */
class JavaFunctionServerTest extends TestFunctionsContract {

  JavaFunctionServer server;

  @BeforeEach
  void start() {
    server = JavaFunctionServer.start(TestFunctions.all(EMBEDDED, TTL));
  }

  @AfterEach
  void close() {
    server.close();
  }

  @Override
  String url() {
    return server.url();
  }

  @Test
  void recordsEachRequestsAddressBatchSizeAndStateCount() throws Exception {
    invoke(url(), greet("bob", 2, 3));
    invoke(url(), greet("bob", 5, 1));
    invoke(url(), greet("amy", 0, 2));

    assertThat(server.requests())
        .containsExactly(
            new JavaFunctionServer.Request("remote-test/greeter/bob", 3, 2),
            new JavaFunctionServer.Request("remote-test/greeter/bob", 1, 2),
            new JavaFunctionServer.Request("remote-test/greeter/amy", 2, 2));
    assertThat(server.batchSizes("remote-test/greeter/bob")).containsExactly(3, 1);
    assertThat(server.batchSizes())
        .containsOnlyKeys("remote-test/greeter/bob", "remote-test/greeter/amy");
    assertThat(server.addresses())
        .containsExactly("remote-test/greeter/bob", "remote-test/greeter/amy");
    server.clearRecords();
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void failsTheNextRequestsWith500() throws Exception {
    server.failNext(2);

    assertThat(post(server.url(), greet("f", 0, 1)).status()).isEqualTo(500);
    assertThat(post(server.url(), greet("f", 0, 1)).status()).isEqualTo(500);
    assertThat(outLines(invoke(server.url(), greet("f", 0, 1))))
        .containsExactly("Hello f, visit #1");
    assertThat(server.injectedFailures()).isEqualTo(2);
    assertThat(server.batchSizes("remote-test/greeter/f")).containsExactly(1, 1, 1);
  }

  @Test
  void hangsUntilReleased() throws Exception {
    server.hang();
    CompletableFuture<FromFunction.InvocationResponse> call = callAsync(greet("h", 0, 2));

    server.awaitHanging(1, WAIT);
    assertThat(call).isNotDone();
    assertThat(server.batchSizes("remote-test/greeter/h")).containsExactly(2);

    server.release();
    assertThat(outLines(call.get(30, TimeUnit.SECONDS)))
        .containsExactly("Hello h, visit #1", "Hello h, visit #2");
    assertThat(server.hangingRequests()).isZero();
  }

  @Test
  void stopDropsThePortAndRestartListensOnTheSameOne() throws Exception {
    int port = server.port();
    invoke(server.url(), greet("s", 0, 1));

    server.stop();
    assertThat(server.isRunning()).isFalse();
    assertThatThrownBy(() -> post(server.url(), greet("s", 1, 1))).isInstanceOf(IOException.class);

    server.restart();
    assertThat(server.port()).isEqualTo(port);
    assertThat(outLines(invoke(server.url(), greet("s", 1, 1))))
        .containsExactly("Hello s, visit #2");
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test
  void stopLeavesHangingRequestsUnanswered() throws Exception {
    server.hang();
    CompletableFuture<FromFunction.InvocationResponse> call = callAsync(greet("k", 0, 1));
    server.awaitHanging(1, WAIT);

    server.stop();

    assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseInstanceOf(IOException.class);

    // Still hanging after a restart, until released.
    server.restart();
    CompletableFuture<FromFunction.InvocationResponse> again = callAsync(greet("k", 0, 1));
    server.awaitHanging(1, WAIT);
    server.release();
    assertThat(outLines(again.get(30, TimeUnit.SECONDS))).containsExactly("Hello k, visit #1");
  }

  private CompletableFuture<FromFunction.InvocationResponse> callAsync(ToFunction request) {
    String url = url();
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return invoke(url, request);
          } catch (Exception e) {
            throw new CompletionException(e);
          }
        });
  }
}
