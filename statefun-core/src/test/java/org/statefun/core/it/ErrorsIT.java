package org.statefun.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.core.state.StateBindingException;
import org.statefun.core.testing.CollectingSink;
import org.statefun.core.testing.Jobs;
import org.statefun.core.testing.MiniClusters;
import org.statefun.core.translation.TranslationException;
import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.spi.StatefulFunctionModule;
import org.statefun.sdk.state.Persisted;

/** User mistakes fail the job (or the start-up) with an error naming what is wrong. */
class ErrorsIT {

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2);

  static final IngressIdentifier<Long> NUMBERS =
      new IngressIdentifier<>(Long.class, "err", "numbers");
  static final EgressIdentifier<String> OUT = new EgressIdentifier<>(String.class, "err", "out");
  static final EgressIdentifier<String> UNBOUND =
      new EgressIdentifier<>(String.class, "err", "nowhere");
  static final FunctionType SENDER = new FunctionType("err", "sender");
  static final FunctionType MISSING = new FunctionType("err", "missing");

  private static StatefulFunctionModule module(StatefulFunction function) {
    CollectingSink<String> sink = CollectingSink.named("errors");
    return (config, binder) -> {
      binder.bindIngress(new SourceIngressSpec<>(NUMBERS, new NumberSequenceSource(1, 3)));
      binder.bindIngressRouter(NUMBERS, (n, down) -> down.forward(SENDER, "s" + n, n));
      binder.bindFunctionProvider(SENDER, t -> function);
      binder.bindEgress(new SinkEgressSpec<>(OUT, sink));
    };
  }

  private static List<String> causeMessages(Throwable error) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = error; t != null; t = t.getCause()) {
      messages.add(t.getMessage());
    }
    return messages;
  }

  private static void assertJobFailsWith(StatefulFunctionModule module, String expectedMessage) {
    assertThatThrownBy(() -> Jobs.run(module, 2, MiniClusters.checkpointed(Duration.ofMillis(500))))
        .satisfies(e -> assertThat(causeMessages(e)).contains(expectedMessage));
  }

  static final class SendsToMissingType implements StatefulFunction, java.io.Serializable {
    @Override
    public void invoke(Context context, Object message) {
      if ((Long) message == 1L) {
        context.send(MISSING, "x" + message, message);
      }
    }
  }

  @Test
  void messageToAnUnboundFunctionTypeFailsNamingAddressAndBoundTypes() {
    assertJobFailsWith(
        module(new SendsToMissingType()),
        "Function err/sender/s1 sent a message to err/missing/x1, but no function type err/missing"
            + " is bound. Bound function types: [err/sender]");
  }

  @Test
  void routerForwardingToAnUnboundTypeFailsNamingTheIngress() {
    StatefulFunctionModule module =
        (config, binder) -> {
          binder.bindIngress(new SourceIngressSpec<>(NUMBERS, new NumberSequenceSource(1, 3)));
          binder.bindIngressRouter(NUMBERS, (n, down) -> down.forward(MISSING, "m" + n, n));
          binder.bindFunctionProvider(SENDER, t -> new SendsToMissingType());
        };
    assertThatThrownBy(() -> Jobs.run(module, 2, MiniClusters.checkpointed(Duration.ofMillis(500))))
        .satisfies(
            e ->
                assertThat(causeMessages(e))
                    .anyMatch(
                        m ->
                            m != null
                                && m.matches(
                                    "Router of ingress err/numbers sent a message to err/missing/m[123], but no"
                                        + " function type err/missing is bound\\. Bound function types: \\[err/sender\\]")));
  }

  static final class SendsToUnboundEgress implements StatefulFunction, java.io.Serializable {
    @Override
    public void invoke(Context context, Object message) {
      if ((Long) message == 2L) {
        context.send(UNBOUND, "lost?");
      }
    }
  }

  @Test
  void messageToAnUnboundEgressFailsNamingItAndTheBoundOnes() {
    assertJobFailsWith(
        module(new SendsToUnboundEgress()),
        "Function err/sender/s2 sent a message to egress err/nowhere, but no egress with that id is"
            + " bound. Bound egresses: [err/out]");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static final class SendsWrongTypeToEgress implements StatefulFunction, java.io.Serializable {
    @Override
    public void invoke(Context context, Object message) {
      if ((Long) message == 3L) {
        context.send((EgressIdentifier) OUT, 42L);
      }
    }
  }

  @Test
  void messageOfTheWrongTypeForAnEgressFails() {
    assertJobFailsWith(
        module(new SendsWrongTypeToEgress()),
        "Function err/sender/s3 sent a message of type java.lang.Long to egress err/out, which"
            + " accepts java.lang.String");
  }

  static final class Throws implements StatefulFunction, java.io.Serializable {
    @Override
    public void invoke(Context context, Object message) {
      if ((Long) message == 2L) {
        throw new IllegalStateException("kaboom");
      }
    }
  }

  @Test
  void aThrowingFunctionFailsTheJobNamingAddressAndMessageType() {
    assertJobFailsWith(
        module(new Throws()),
        "Function err/sender at address err/sender/s2 failed on a message of type java.lang.Long"
            + " from an ingress: java.lang.IllegalStateException: kaboom");
  }

  static final class ReusesToken implements StatefulFunction, java.io.Serializable {
    @Override
    public void invoke(Context context, Object message) {
      context.sendAfter(Duration.ofMinutes(1), context.self(), "a", "token");
      context.sendAfter(Duration.ofMinutes(1), context.self(), "b", "token");
    }
  }

  @Test
  void reusingAPendingCancellationTokenFails() {
    assertThatThrownBy(
            () ->
                Jobs.run(
                    module(new ReusesToken()),
                    2,
                    MiniClusters.checkpointed(Duration.ofMillis(500))))
        .satisfies(
            e ->
                assertThat(causeMessages(e))
                    .anyMatch(
                        m ->
                            m != null
                                && m.matches(
                                    "Address err/sender/s[123] already has a pending delayed message with"
                                        + " cancellation token 'token'; cancel it first or use another token")));
  }

  static final class UnpersistableField implements StatefulFunction, java.io.Serializable {
    @Persisted String notState = "x";

    @Override
    public void invoke(Context context, Object message) {}
  }

  @Test
  void anUnpersistableFieldFailsAtStartUpNamingTheField() {
    assertThatThrownBy(
            () ->
                Jobs.environment(
                    module(new UnpersistableField()),
                    2,
                    MiniClusters.checkpointed(Duration.ofMillis(500))))
        .isInstanceOf(StateBindingException.class)
        .hasMessage(
            "Function type err/sender: field org.statefun.core.it.ErrorsIT$UnpersistableField#notState"
                + " is annotated @Persisted but its type java.lang.String cannot be persisted; declare it"
                + " as PersistedValue, PersistedTable, PersistedAppendingBuffer or PersistedStateRegistry");
  }

  static final class NotSerializable {}

  @Test
  void aProviderThatCannotBeShippedFailsAtStartUp() {
    NotSerializable captured = new NotSerializable();
    StatefulFunctionModule module =
        (config, binder) -> {
          binder.bindIngress(new SourceIngressSpec<>(NUMBERS, new NumberSequenceSource(1, 3)));
          binder.bindIngressRouter(NUMBERS, (n, down) -> down.forward(SENDER, "s" + n, n));
          binder.bindFunctionProvider(
              SENDER, t -> captured.hashCode() > 0 ? new Throws() : new Throws());
        };
    assertThatThrownBy(
            () -> Jobs.environment(module, 2, MiniClusters.checkpointed(Duration.ofMillis(500))))
        .isInstanceOf(TranslationException.class)
        .hasMessageStartingWith("The provider of function type err/sender (")
        .hasMessageContaining(
            "cannot be shipped to the workers: java.io.NotSerializableException:"
                + " org.statefun.core.it.ErrorsIT$NotSerializable.");
  }

  /** Schedules a delayed message with the delay it is given, on record 1. */
  static final class DelaysBy implements StatefulFunction, java.io.Serializable {
    private final Duration delay;

    DelaysBy(Duration delay) {
      this.delay = delay;
    }

    @Override
    public void invoke(Context context, Object message) {
      if ((Long) message == 1L) {
        context.sendAfter(delay, context.self(), "later");
      }
    }
  }

  @Test
  void aDelayThatWouldOverflowTheClockIsRejectedNotWrapped() {
    assertJobFailsWith(
        module(new DelaysBy(Duration.ofMillis(Long.MAX_VALUE - 1000))),
        "Function err/sender at address err/sender/s1 failed on a message of type java.lang.Long"
            + " from an ingress: java.lang.IllegalArgumentException: sendAfter delay"
            + " PT2562047788015H12M54.807S is longer than the longest supported delay, 36500 days"
            + " (Context.MAX_DELAY)");
  }

  @Test
  void aDelayTooLongForMillisecondsIsRejectedWithTheSameMessage() {
    assertJobFailsWith(
        module(new DelaysBy(Duration.ofSeconds(Long.MAX_VALUE))),
        "Function err/sender at address err/sender/s1 failed on a message of type java.lang.Long"
            + " from an ingress: java.lang.IllegalArgumentException: sendAfter delay"
            + " PT2562047788015215H30M7S is longer than the longest supported delay, 36500 days"
            + " (Context.MAX_DELAY)");
  }

  /** Schedules the longest delay with a token, then cancels it, so the bounded job can end. */
  static final class LongestDelayThenCancel implements StatefulFunction, java.io.Serializable {
    @Override
    public void invoke(Context context, Object message) {
      if ("cancel".equals(message)) {
        context.cancelDelayedMessage("far");
        context.send(OUT, "cancelled " + context.self().id());
      } else {
        context.sendAfter(Context.MAX_DELAY, context.self(), "too late", "far");
        context.send(context.self(), "cancel");
      }
    }
  }

  @Test
  void theLongestDelayIsAccepted() throws Exception {
    CollectingSink<String> sink = CollectingSink.named("longest-delay");
    StatefulFunctionModule module =
        (config, binder) -> {
          binder.bindIngress(new SourceIngressSpec<>(NUMBERS, new NumberSequenceSource(1, 3)));
          binder.bindIngressRouter(NUMBERS, (n, down) -> down.forward(SENDER, "s" + n, n));
          binder.bindFunctionProvider(SENDER, t -> new LongestDelayThenCancel());
          binder.bindEgress(new SinkEgressSpec<>(OUT, sink));
        };
    Jobs.run(module, 2, MiniClusters.checkpointed(Duration.ofMillis(500)));
    assertThat(sink.results())
        .containsExactlyInAnyOrder("cancelled s1", "cancelled s2", "cancelled s3");
  }
}
