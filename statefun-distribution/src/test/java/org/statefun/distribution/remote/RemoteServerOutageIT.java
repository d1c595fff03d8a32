package org.statefun.distribution.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.statefun.core.testing.Deadline;

/**
 * The function server is killed in the middle of a rate-limited stream (300 records at 100/s to 10
 * addresses of the remote counter) and restarted on the same port. Within the call timeout the
 * runtime's retries bridge the outage; beyond it the job fails with the one-line message, restarts
 * from its last checkpoint and completes. Either way the exactly-once file egress holds every
 * greeting once, with the per-address counts exact.
 */
class RemoteServerOutageIT extends RemoteFaultsITBase {

  static final int RECORDS = 300;

  @Test
  void anOutageShorterThanTheCallTimeoutIsBridgedByRetries() throws Exception {
    try (JavaFunctionServer server = JavaFunctionServer.start(TestFunctions.all())) {
      writeCounterModule(server.url(), "1m", 10, RECORDS, 100, FaultRouters.TenIds.class);
      int dropped;
      try (RunningJob job = start(Map.of(), RESTARTS)) {
        server.awaitRequests(30, WAIT);
        // Requests are in progress when the server dies: their connections are dropped.
        server.hang();
        server.awaitHanging(1, WAIT);
        dropped = server.hangingRequests();
        server.stop();
        awaitRefused(server.port());
        // The outage lasts while the job takes checkpoints with requests failing and retried.
        awaitCheckpoints(3);
        int beforeRestart = server.requestCount();
        assertThat(job.isDone()).isFalse();
        server.release();
        server.restart();
        job.await(WAIT);
        assertThat(server.requestCount()).isGreaterThan(beforeRestart);
      }
      // Each dropped request was retried with the same bytes (no restart: not a restore's re-send).
      assertThat(RemoteServerErrorsIT.repeatedRequests(server.received()))
          .isGreaterThanOrEqualTo(dropped);
      assertThat(failure()).isEmpty();
      assertThat(restarted()).isFalse();
      assertThat(output())
          .containsExactlyInAnyOrderElementsOf(greetings(ids("k", 10), RECORDS / 10));
    }
  }

  @Test
  void anOutageLongerThanTheCallTimeoutFailsTheJobWhichRestartsAndCompletesExactly()
      throws Exception {
    try (JavaFunctionServer server = JavaFunctionServer.start(TestFunctions.all())) {
      writeCounterModule(server.url(), "1s", 10, RECORDS, 100, FaultRouters.TenIds.class);
      String failure;
      try (RunningJob job = start(Map.of(), RESTARTS)) {
        server.awaitRequests(30, WAIT);
        server.stop();
        awaitRefused(server.port());
        failure = awaitFailure();
        server.restart();
        job.await(WAIT);
      }
      assertThat(failure)
          .containsPattern(
              "Remote function remote-test/greeter at http://localhost:"
                  + server.port()
                  + "/statefun failed: ConnectException: Failed to connect to [^(]+\\(attempt \\d+, retried for \\d+ ms until"
                  + " the call timeout of 1000 ms passed\\)");
      assertThat(restarted()).isTrue();
      assertThat(output())
          .containsExactlyInAnyOrderElementsOf(greetings(ids("k", 10), RECORDS / 10));
    }
  }

  /**
   * The documented contract of the call timeout: failed attempts are retried "until the call
   * timeout has passed", and the message says it did. Against a server that is down for good, the
   * reported retry time must reach the call timeout.
   */
  @Test
  void refusedCallsAreRetriedUntilTheCallTimeoutHasPassed() throws Exception {
    try (JavaFunctionServer server = JavaFunctionServer.start(TestFunctions.all())) {
      server.stop();
      awaitRefused(server.port());
      writeCounterModule(server.url(), "1s", 10, 1, 0, FaultRouters.TenIds.class);

      String err = runCommand(NO_RESTARTS);

      Matcher retried =
          Pattern.compile(
                  "Remote function remote-test/greeter at http://localhost:"
                      + server.port()
                      + "/statefun failed: ConnectException: Failed to connect to [^(]+\\(attempt (\\d+), retried for (\\d+)"
                      + " ms until the call timeout of 1000 ms passed\\)")
              .matcher(err);
      assertThat(retried.find()).as(err).isTrue();
      assertThat(Long.parseLong(retried.group(2)))
          .as("milliseconds retried, reported as 'until the call timeout of 1000 ms passed'")
          .isGreaterThanOrEqualTo(1000);
    }
  }

  /** Waits until connecting to {@code port} is refused: requests fail. */
  static void awaitRefused(int port) throws Exception {
    Deadline.waitUntil(
        () -> {
          try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return false;
          } catch (IOException refused) {
            return true;
          }
        },
        WAIT);
  }
}
