package org.statefun.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.core.testing.CollectingSink;
import org.statefun.core.testing.Jobs;
import org.statefun.core.testing.MiniClusters;
import org.statefun.sdk.Address;
import org.statefun.sdk.DeadLetter;
import org.statefun.sdk.FailurePolicy;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.spi.StatefulFunctionModule;

/**
 * One poison message (its function throws every time) under each failure policy, with checkpointing
 * on: fail ends the job after the restart strategy's attempts with one line naming function type,
 * address, message type and exception; skip and dead-letter let the job finish with every other
 * message handled exactly once and the poison one counted.
 */
class FailurePolicyIT {

  static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2, METRICS);

  static final IngressIdentifier<Long> NUMBERS =
      new IngressIdentifier<>(Long.class, "poison", "numbers");
  static final EgressIdentifier<String> OUT = new EgressIdentifier<>(String.class, "poison", "out");
  static final EgressIdentifier<Object> DEAD =
      new EgressIdentifier<>(Object.class, "poison", "dead");
  static final FunctionType WORKER = new FunctionType("poison", "worker");
  static final long RECORDS = 20;
  static final long POISON = 7;

  /** Invocations of the poison message, over all attempts. */
  static final AtomicInteger POISON_INVOCATIONS = new AtomicInteger();

  static StatefulFunctionModule module(
      FailurePolicy policy, CollectingSink<String> out, CollectingSink<Object> dead) {
    return (config, binder) -> {
      binder.bindIngress(new SourceIngressSpec<>(NUMBERS, new NumberSequenceSource(1, RECORDS)));
      binder.bindIngressRouter(NUMBERS, (n, down) -> down.forward(WORKER, "n" + n, n));
      binder.bindFunctionProvider(
          WORKER,
          t ->
              (context, message) -> {
                if ((Long) message == POISON) {
                  POISON_INVOCATIONS.incrementAndGet();
                  throw new IllegalStateException("poison " + message);
                }
                context.send(OUT, "ok " + message);
              },
          policy);
      binder.bindEgress(new SinkEgressSpec<>(OUT, out));
      binder.bindEgress(new SinkEgressSpec<>(DEAD, dead));
    };
  }

  private static Configuration configuration() {
    Configuration conf = MiniClusters.checkpointed(Duration.ofMillis(100));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(10));
    return conf;
  }

  private static JobID run(StatefulFunctionModule module) throws Exception {
    StreamExecutionEnvironment env = Jobs.environment(module, 2, configuration());
    return env.execute("poison message").getJobID();
  }

  private static List<String> expectedOk() {
    return LongStream.rangeClosed(1, RECORDS)
        .filter(n -> n != POISON)
        .mapToObj(n -> "ok " + n)
        .toList();
  }

  @Test
  void failEndsTheJobAfterTheRestartAttemptsNamingTypeAddressMessageTypeAndException() {
    POISON_INVOCATIONS.set(0);
    StatefulFunctionModule module =
        module(
            FailurePolicy.fail(),
            CollectingSink.named("poison-fail"),
            CollectingSink.named("poison-fail-dead"));
    assertThatThrownBy(() -> run(module))
        .satisfies(
            e ->
                assertThat(causeMessages(e))
                    .contains(
                        "Function poison/worker at address poison/worker/n7 failed on a message of type"
                            + " java.lang.Long from an ingress: java.lang.IllegalStateException: poison 7"));
    assertThat(POISON_INVOCATIONS.get()).as("the first attempt and two restarts").isEqualTo(3);
  }

  @Test
  void skipDropsOnlyThePoisonMessageAndCountsIt() throws Exception {
    POISON_INVOCATIONS.set(0);
    CollectingSink<String> out = CollectingSink.named("poison-skip");
    JobID job = run(module(FailurePolicy.skip(), out, CollectingSink.named("poison-skip-dead")));
    assertThat(out.results()).containsExactlyInAnyOrderElementsOf(expectedOk());
    assertThat(POISON_INVOCATIONS.get()).as("no restart").isEqualTo(1);
    assertThat(MiniClusters.sumOfMetric(METRICS, job, "statefunSkippedMessages")).isEqualTo(1);
  }

  @Test
  void deadLetterSendsOneDescriptionOfThePoisonMessageToTheChosenEgress() throws Exception {
    POISON_INVOCATIONS.set(0);
    CollectingSink<String> out = CollectingSink.named("poison-dl");
    CollectingSink<Object> dead = CollectingSink.named("poison-dl-dead");
    JobID job = run(module(FailurePolicy.deadLetter(DEAD), out, dead));
    assertThat(out.results()).containsExactlyInAnyOrderElementsOf(expectedOk());
    assertThat(dead.results())
        .containsExactly(
            new DeadLetter(
                WORKER,
                new Address(WORKER, "n7"),
                null,
                "java.lang.Long",
                "java.lang.IllegalStateException: poison 7",
                7L));
    assertThat(dead.results().get(0))
        .hasToString(
            "dead letter: poison/worker/n7 failed on a message of type java.lang.Long from an ingress:"
                + " java.lang.IllegalStateException: poison 7; message: 7");
    assertThat(MiniClusters.sumOfMetric(METRICS, job, "statefunDeadLetters")).isEqualTo(1);
    assertThat(MiniClusters.sumOfMetric(METRICS, job, "statefunSkippedMessages")).isZero();
  }

  static List<String> causeMessages(Throwable error) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = error; t != null; t = t.getCause()) {
      messages.add(t.getMessage());
    }
    return messages;
  }
}
