package org.statefun.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.JobException;
import org.apache.flink.runtime.client.JobExecutionException;
import org.junit.jupiter.api.Test;
import org.statefun.core.dispatch.FunctionInvocationException;
import org.statefun.core.translation.TranslationException;

/** Which line a failure becomes; the chains are shaped like those Flink and the runtime throw. */
class FailureSummaryTest {

  private static final String INVOCATION =
      "Function demo/greeter at address demo/greeter/alice failed on a message of type java.lang.String"
          + " from an ingress: java.lang.IllegalStateException: boom";

  @Test
  void theRuntimesOwnExceptionWinsAndRestartsAreCounted() {
    Throwable failure =
        new JobExecutionException(
            new JobID(),
            "Job execution failed.",
            new JobException(
                "Recovery is suppressed by FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=3, backoffTimeMS=1000)",
                new FunctionInvocationException(INVOCATION, new IllegalStateException("boom"))));
    assertThat(FailureSummary.of(failure)).isEqualTo(INVOCATION + " (after 3 restarts)");
  }

  @Test
  void withoutRestartsNothingIsAdded() {
    Throwable failure =
        new JobExecutionException(
            new JobID(),
            "Job execution failed.",
            new JobException(
                "Recovery is suppressed by NoRestartBackoffTimeStrategy",
                new FunctionInvocationException(INVOCATION, new IllegalStateException("boom"))));
    assertThat(FailureSummary.of(failure)).isEqualTo(INVOCATION);
  }

  @Test
  void withoutARuntimeExceptionTheRootCauseIsShown() {
    Throwable failure =
        new RuntimeException("Could not start the JobMaster.", new IOException("disk full"));
    assertThat(FailureSummary.of(failure)).isEqualTo("java.io.IOException: disk full");
  }

  @Test
  void aValueFlinkCannotParseNamesTheKeyButNotTheValue() {
    Throwable failure =
        new IllegalArgumentException(
            "Could not parse value 's3cr3t' for key 'security.ssl.internal.session-timeout'.",
            new NumberFormatException("For input string: \"s3cr3t\""));
    assertThat(FailureSummary.of(failure))
        .isEqualTo("option 'security.ssl.internal.session-timeout' has a value Flink cannot parse");
  }

  @Test
  void longMessagesKeepTheirFirstLineWithinFiveHundredCharacters() {
    assertThat(FailureSummary.of(new TranslationException("first line\nsecond line")))
        .isEqualTo("first line");
    String summary = FailureSummary.of(new TranslationException("x".repeat(800)));
    assertThat(summary).hasSize(500).endsWith("x…");
  }
}
