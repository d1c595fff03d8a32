package org.statefun.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.core.testing.Jobs;
import org.statefun.core.testing.MiniClusters;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.spi.StatefulFunctionModule;

/**
 * A message that cannot be serialized fails where it is sent, naming the sender, the message type,
 * the target and the failing field — the same whether its target is on this subtask (where it would
 * never be serialized) or another, and with or without checkpoints. Delayed messages and async
 * metadata, which checkpoints keep, are checked when they are scheduled.
 */
class SerializationIT {

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2);

  static final IngressIdentifier<Long> NUMBERS =
      new IngressIdentifier<>(Long.class, "ser", "numbers");
  static final FunctionType SENDER = new FunctionType("ser", "sender");
  static final FunctionType RECEIVER = new FunctionType("ser", "receiver");
  static final int PARALLELISM = 2;

  /** A message whose field holds a lambda: Kryo writes it, but cannot read it back. */
  record Holder(String name, Runnable callback) {}

  static Holder unserializable() {
    return new Holder("h", () -> {});
  }

  /** The subtask that owns {@code id} at parallelism 2 (default max parallelism 128). */
  static int owner(String id) {
    return KeyGroupRangeAssignment.assignKeyToParallelOperator(
        id, KeyGroupRangeAssignment.computeDefaultMaxParallelism(PARALLELISM), PARALLELISM);
  }

  /** An id owned by the sender's subtask ({@code local}) or by the other one. */
  static String target(boolean local) {
    return IntStream.range(0, 1000)
        .mapToObj(i -> "t" + i)
        .filter(id -> (owner(id) == owner("s")) == local)
        .findFirst()
        .orElseThrow();
  }

  /** A function the provider can capture: it travels with the job. */
  interface Sender extends StatefulFunction, java.io.Serializable {}

  static StatefulFunctionModule module(Sender sender) {
    return (config, binder) -> {
      binder.bindIngress(new SourceIngressSpec<>(NUMBERS, new NumberSequenceSource(1, 1)));
      binder.bindIngressRouter(NUMBERS, (n, down) -> down.forward(SENDER, "s", n));
      binder.bindFunctionProvider(SENDER, t -> sender);
      binder.bindFunctionProvider(RECEIVER, t -> (context, message) -> {});
    };
  }

  static Configuration configuration(boolean checkpoints) {
    Configuration conf =
        checkpoints ? MiniClusters.checkpointed(Duration.ofMillis(100)) : new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    return conf;
  }

  static void assertJobFailsWith(Sender sender, boolean checkpoints, String regex) {
    assertThatThrownBy(() -> Jobs.run(module(sender), PARALLELISM, configuration(checkpoints)))
        .satisfies(
            e ->
                assertThat(FailurePolicyIT.causeMessages(e))
                    .anySatisfy(m -> assertThat(m).matches(regex)));
  }

  static final String FIELD =
      "field 'callback': Unable to find class: org\\.statefun\\.core\\.it\\.SerializationIT\\$\\$Lambda.*"
          + " \\(lambdas cannot be serialized; use a record or a class\\)";

  @ParameterizedTest(name = "local target: {0}, checkpoints: {1}")
  @CsvSource({"true, false", "true, true", "false, false", "false, true"})
  void anUnserializableMessageFailsWhereItIsSentNamingSenderTypeTargetAndField(
      boolean local, boolean checkpoints) {
    String target = target(local);
    assertJobFailsWith(
        (context, message) -> context.send(RECEIVER, target, unserializable()),
        checkpoints,
        "Function ser/sender at address ser/sender/s failed on a message of type java\\.lang\\.Long from an"
            + " ingress: Function ser/sender/s sent a message of type org\\.statefun\\.core\\.it\\.SerializationIT\\$Holder"
            + " to ser/receiver/"
            + target
            + " that cannot be serialized: "
            + FIELD);
  }

  @Test
  void anUnserializableDelayedMessageFailsWhenItIsScheduled() {
    assertJobFailsWith(
        (context, message) ->
            context.sendAfter(
                Duration.ofHours(1), new org.statefun.sdk.Address(RECEIVER, "r"), unserializable()),
        true,
        ".*: Function ser/sender/s sent a delayed message of type org\\.statefun\\.core\\.it\\.SerializationIT\\$Holder"
            + " to ser/receiver/r that cannot be serialized: "
            + FIELD);
  }

  @Test
  void unserializableAsyncMetadataFailsWhenTheOperationIsRegistered() {
    assertJobFailsWith(
        (context, message) ->
            context.registerAsyncOperation(unserializable(), new CompletableFuture<>()),
        true,
        ".*: Function ser/sender/s registered an async operation with metadata of type"
            + " org\\.statefun\\.core\\.it\\.SerializationIT\\$Holder that cannot be serialized: "
            + FIELD);
  }

  @Test
  void theTargetsOfTheTestAreWhereTheTestSaysTheyAre() {
    assertThat(List.of(owner(target(true)), owner(target(false))))
        .containsExactly(owner("s"), 1 - owner("s"));
  }
}
