package org.statefun.distribution.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobFailuresTest {

  private static final String POISON =
      """
      org.apache.flink.runtime.JobException: Recovery is suppressed
      \tat org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler.handle(ExecutionFailureHandler.java:1)
      Caused by: org.statefun.core.dispatch.FunctionInvocationException: Function shop/cart at address shop/cart/dave failed on a message of type x.Cmd from an ingress: java.lang.IllegalArgumentException: Unknown action
      \tat org.statefun.core.dispatch.FailureHandler.handle(FailureHandler.java:72)
      Caused by: java.lang.IllegalArgumentException: Unknown action
      \tat x.Cart.invoke(Cart.java:9)
      """;

  @Test
  void theReasonIsTheFirstRuntimeExceptionsMessage() {
    assertThat(JobFailures.reason(POISON))
        .isEqualTo(
            "Function shop/cart at address shop/cart/dave failed on a message of type x.Cmd from"
                + " an ingress: java.lang.IllegalArgumentException: Unknown action");
  }

  @Test
  void withoutARuntimeExceptionTheReasonIsTheRootCause() {
    assertThat(
            JobFailures.reason(
                """
                org.apache.flink.runtime.JobException: Recovery is suppressed
                \tat a.B.c(B.java:1)
                Caused by: java.util.concurrent.TimeoutException: Heartbeat of TaskManager timed out.
                \tat a.B.c(B.java:2)
                """))
        .isEqualTo("java.util.concurrent.TimeoutException: Heartbeat of TaskManager timed out.");
    assertThat(JobFailures.reason("java.lang.OutOfMemoryError"))
        .isEqualTo("java.lang.OutOfMemoryError");
    assertThat(JobFailures.reason("")).isEqualTo("(no stack trace)");
  }

  @Test
  void aLongReasonIsCut() {
    String reason = JobFailures.reason("java.lang.IllegalStateException: " + "x".repeat(1000));
    assertThat(reason).hasSize(JobFailures.MAX_LENGTH).endsWith("x…");
  }

  @Test
  void readsTheRestApisHistoryNewestFirst() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode answer = json.createObjectNode();
    ArrayNode entries =
        answer.putObject("exceptionHistory").put("truncated", false).putArray("entries");
    long newest = Instant.parse("2026-12-02T10:41:31Z").toEpochMilli();
    entries.addObject().put("timestamp", newest).put("stacktrace", POISON);
    entries.addObject().put("timestamp", newest - 5000).put("stacktrace", "java.lang.Error: older");

    JobFailures failures = JobFailures.of(answer).orElseThrow();
    assertThat(failures.count()).isEqualTo(2);
    assertThat(failures.newest()).isEqualTo(Instant.ofEpochMilli(newest));
    assertThat(failures.describe())
        .startsWith("2 failures, the newest at ")
        .endsWith(
            ": Function shop/cart at address shop/cart/dave failed on a message of type x.Cmd"
                + " from an ingress: java.lang.IllegalArgumentException: Unknown action");

    answer.putObject("exceptionHistory").put("truncated", true).putArray("entries").addAll(entries);
    assertThat(JobFailures.of(answer).orElseThrow().describe()).startsWith("more than 2 failures");
    assertThat(JobFailures.of(json.readTree("{\"exceptionHistory\":{\"entries\":[]}}"))).isEmpty();
  }
}
