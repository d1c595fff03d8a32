package org.statefun.distribution.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The function server never answers and the call timeout is 1 s: the job fails with one line naming
 * the function type, the URL and the call timeout. Without restarts that line is what the
 * entrypoint reports; with restarts and the server answering again, the job completes exactly.
 */
class RemoteServerHangIT extends RemoteFaultsITBase {

  @Test
  void withoutRestartsTheJobFailsWithTheOneLineMessage() throws Exception {
    try (JavaFunctionServer server = JavaFunctionServer.start(TestFunctions.all())) {
      server.hang();
      writeCounterModule(server.url(), "1s", 10, 20, 0, FaultRouters.TenIds.class);

      String err = runCommand(NO_RESTARTS);

      String line =
          err.lines()
              .filter(l -> l.startsWith("statefun: the job failed: "))
              .findFirst()
              .orElse(err);
      assertThat(line)
          .matches(
              "statefun: the job failed: Function remote-test/greeter at address"
                  + " remote-test/greeter/k\\d failed on the result of an async operation:"
                  + " Remote function remote-test/greeter at http://localhost:"
                  + server.port()
                  + "/statefun failed: attempt timed out \\(attempt 1,"
                  + " retried for \\d{4,} ms until the call timeout of 1000 ms passed\\)");
      assertThat(err).contains("exit code 1");
      assertThat(server.requestCount()).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void withRestartsTheJobCompletesExactlyOnceTheServerAnswers() throws Exception {
    try (JavaFunctionServer server = JavaFunctionServer.start(TestFunctions.all())) {
      server.hang();
      writeCounterModule(server.url(), "1s", 10, 100, 0, FaultRouters.TenIds.class);
      String failure;
      try (RunningJob job = start(Map.of(), RESTARTS)) {
        failure = awaitFailure();
        server.release();
        job.await(WAIT);
      }
      assertThat(failure)
          .containsPattern(
              "Remote function remote-test/greeter at http://localhost:"
                  + server.port()
                  + "/statefun failed: attempt timed out \\(attempt 1,"
                  + " retried for \\d{4,} ms until the call timeout of 1000 ms passed\\)");
      assertThat(restarted()).isTrue();
      assertThat(output()).containsExactlyInAnyOrderElementsOf(greetings(ids("k", 10), 10));
    }
  }
}
