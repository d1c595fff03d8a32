package org.statefun.distribution.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.statefun.distribution.remote.ProtocolMessages.absent;
import static org.statefun.distribution.remote.ProtocolMessages.address;
import static org.statefun.distribution.remote.ProtocolMessages.batch;
import static org.statefun.distribution.remote.ProtocolMessages.post;
import static org.statefun.distribution.remote.ProtocolMessages.read;
import static org.statefun.distribution.remote.ProtocolMessages.typedValue;

import java.time.Duration;
import java.util.List;
import org.apache.flink.statefun.sdk.egress.generated.KafkaProducerRecord;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.types.Types;
import org.apache.flink.statefun.sdk.reqreply.generated.FromFunction;
import org.apache.flink.statefun.sdk.reqreply.generated.FromFunction.ExpirationSpec.ExpireMode;
import org.apache.flink.statefun.sdk.reqreply.generated.FromFunction.PersistedValueMutation.MutationType;
import org.apache.flink.statefun.sdk.reqreply.generated.FromFunction.PersistedValueSpec;
import org.apache.flink.statefun.sdk.reqreply.generated.ToFunction;
import org.apache.flink.statefun.sdk.reqreply.generated.TypedValue;
import org.junit.jupiter.api.Test;

/**
 * What {@link TestFunctions} (Java SDK) and functions.js (JavaScript SDK) answer to hand-built
 * protocol messages: the same for both, so that end-to-end tests can use either server.
 */
abstract class TestFunctionsContract {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final TypeName EMBEDDED = TypeName.typeNameOf("embedded", "sink");

  /** The TTL counter's TTL the servers under test are started with. */
  static final Duration TTL = Duration.ofSeconds(5);

  /** The URL of the functions under test. */
  abstract String url();

  /** A greeter request carrying both declared states, {@code seen} set to {@code seen}. */
  static ToFunction greet(String id, int seen, int messages) {
    ProtocolMessages.Batch batch =
        batch(TestFunctions.GREETER, id)
            .state("seen", typedValue(Types.integerType(), seen))
            .state("last", absent(Types.stringType()));
    for (int i = 0; i < messages; i++) {
      batch.invoke(typedValue(Types.stringType(), id));
    }
    return batch.build();
  }

  static List<String> outLines(FromFunction.InvocationResponse response) {
    return response.getOutgoingEgressesList().stream()
        .filter(e -> e.getEgressType().equals(TestFunctions.OUT.name()))
        .map(e -> read(Types.stringType(), e.getArgument()))
        .toList();
  }

  static FromFunction.InvocationResponse invoke(String url, ToFunction request) throws Exception {
    ProtocolMessages.Answer answer = post(url, request);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.contentType()).isEqualTo("application/octet-stream");
    FromFunction fromFunction = answer.fromFunction();
    assertThat(fromFunction.hasInvocationResult()).as("an invocation result").isTrue();
    return fromFunction.getInvocationResult();
  }

  @Test
  void asksForTheDeclaredStatesWithTheirExpiration() throws Exception {
    ToFunction request =
        batch(TestFunctions.GREETER, "ann").invoke(typedValue(Types.stringType(), "ann")).build();

    FromFunction answer = post(url(), request).fromFunction();

    assertThat(answer.hasIncompleteInvocationContext()).isTrue();
    assertThat(answer.getIncompleteInvocationContext().getMissingValuesList())
        .extracting(
            PersistedValueSpec::getStateName,
            PersistedValueSpec::getTypeTypename,
            s -> s.getExpirationSpec().getMode(),
            s -> s.getExpirationSpec().getExpireAfterMillis())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "seen", "io.statefun.types/int", ExpireMode.NONE, 0L),
            org.assertj.core.groups.Tuple.tuple(
                "last", "io.statefun.types/string", ExpireMode.AFTER_WRITE, 3_600_000L));
  }

  @Test
  void answersABatchWithStateMutationsAndEgresses() throws Exception {
    FromFunction.InvocationResponse response = invoke(url(), greet("bob", 2, 3));

    assertThat(outLines(response))
        .containsExactly("Hello bob, visit #3", "Hello bob, visit #4", "Hello bob, visit #5");
    assertThat(response.getStateMutationsList())
        .allMatch(m -> m.getMutationType() == MutationType.MODIFY)
        .extracting(FromFunction.PersistedValueMutation::getStateName)
        .containsExactlyInAnyOrder("seen", "last");
    TypedValue seen =
        response.getStateMutationsList().stream()
            .filter(m -> m.getStateName().equals("seen"))
            .findFirst()
            .orElseThrow()
            .getStateValue();
    assertThat(read(Types.integerType(), seen)).isEqualTo(5);
  }

  @Test
  void greeterAnswersItsCaller() throws Exception {
    ToFunction request =
        batch(TestFunctions.GREETER, "cid")
            .state("seen", absent(Types.integerType()))
            .state("last", absent(Types.stringType()))
            .invoke(address(EMBEDDED, "x"), typedValue(Types.stringType(), "cid"))
            .build();

    FromFunction.InvocationResponse response = invoke(url(), request);

    assertThat(response.getOutgoingMessagesList()).hasSize(1);
    FromFunction.Invocation reply = response.getOutgoingMessages(0);
    assertThat(reply.getTarget()).isEqualTo(address(EMBEDDED, "x"));
    assertThat(read(Types.stringType(), reply.getArgument())).isEqualTo("Hello cid, visit #1");
  }

  @Test
  void ttlCounterDeclaresItsExpiration() throws Exception {
    ToFunction request =
        batch(TestFunctions.TTL_COUNTER, "a").invoke(typedValue(Types.stringType(), "a")).build();

    FromFunction answer = post(url(), request).fromFunction();

    PersistedValueSpec spec = answer.getIncompleteInvocationContext().getMissingValues(0);
    assertThat(spec.getStateName()).isEqualTo("count");
    assertThat(spec.getExpirationSpec().getMode()).isEqualTo(ExpireMode.AFTER_WRITE);
    assertThat(spec.getExpirationSpec().getExpireAfterMillis()).isEqualTo(5_000L);
  }

  @Test
  void forwarderSendsToARemoteAndAnEmbeddedFunction() throws Exception {
    ToFunction request =
        batch(TestFunctions.FORWARDER, "f").invoke(typedValue(Types.stringType(), "dan")).build();

    FromFunction.InvocationResponse response = invoke(url(), request);

    assertThat(response.getOutgoingMessagesList())
        .extracting(FromFunction.Invocation::getTarget)
        .containsExactly(address(TestFunctions.GREETER, "dan"), address(EMBEDDED, "dan"));
    assertThat(response.getOutgoingMessagesList())
        .allMatch(m -> read(Types.stringType(), m.getArgument()).equals("dan"));
    assertThat(outLines(response)).containsExactly("forwarded dan");
  }

  @Test
  void forwarderOnlyReportsAnAnswerFromItsCallee() throws Exception {
    ToFunction request =
        batch(TestFunctions.FORWARDER, "dan")
            .invoke(
                address(TestFunctions.GREETER, "dan"),
                typedValue(Types.stringType(), "Hello dan, visit #1"))
            .build();

    FromFunction.InvocationResponse response = invoke(url(), request);

    assertThat(response.getOutgoingMessagesList()).isEmpty();
    assertThat(outLines(response)).containsExactly("reply Hello dan, visit #1");
  }

  @Test
  void ttlCounterSendsItselfADelayedMessageWhenAskedAgain() throws Exception {
    ToFunction request =
        batch(TestFunctions.TTL_COUNTER, "t")
            .state("count", typedValue(Types.integerType(), 1))
            .invoke(typedValue(Types.stringType(), "again 4321"))
            .build();

    FromFunction.InvocationResponse response = invoke(url(), request);

    assertThat(outLines(response)).containsExactly("t 2");
    assertThat(response.getDelayedInvocationsCount()).isEqualTo(1);
    FromFunction.DelayedInvocation later = response.getDelayedInvocations(0);
    assertThat(later.getDelayInMs()).isEqualTo(4321L);
    assertThat(later.getTarget()).isEqualTo(address(TestFunctions.TTL_COUNTER, "t"));
    assertThat(read(Types.stringType(), later.getArgument())).isEqualTo("later");
  }

  @Test
  void sequencerNumbersTheMessagesOfAnAddress() throws Exception {
    ToFunction request =
        batch(TestFunctions.SEQUENCER, "s")
            .state("position", typedValue(Types.integerType(), 7))
            .invoke(typedValue(Types.stringType(), "x"))
            .invoke(typedValue(Types.stringType(), "y"))
            .build();

    FromFunction.InvocationResponse response = invoke(url(), request);

    assertThat(outLines(response)).containsExactly("s #8 x", "s #9 y");
    assertThat(read(Types.integerType(), response.getStateMutations(0).getStateValue()))
        .isEqualTo(9);
  }

  @Test
  void delayedSchedulesAndCancelsWithAToken() throws Exception {
    ToFunction request =
        batch(TestFunctions.DELAYED, "d")
            .invoke(typedValue(Types.stringType(), "schedule t1 1500"))
            .invoke(typedValue(Types.stringType(), "cancel t1"))
            .invoke(typedValue(Types.stringType(), "fired t0"))
            .build();

    FromFunction.InvocationResponse response = invoke(url(), request);

    assertThat(response.getDelayedInvocationsCount()).isEqualTo(2);
    FromFunction.DelayedInvocation scheduled = response.getDelayedInvocations(0);
    assertThat(scheduled.getIsCancellationRequest()).isFalse();
    assertThat(scheduled.getCancellationToken()).isEqualTo("t1");
    assertThat(scheduled.getDelayInMs()).isEqualTo(1500L);
    assertThat(scheduled.getTarget()).isEqualTo(address(TestFunctions.DELAYED, "d"));
    assertThat(read(Types.stringType(), scheduled.getArgument())).isEqualTo("fired t1");
    FromFunction.DelayedInvocation cancellation = response.getDelayedInvocations(1);
    assertThat(cancellation.getIsCancellationRequest()).isTrue();
    assertThat(cancellation.getCancellationToken()).isEqualTo("t1");
    assertThat(outLines(response)).containsExactly("scheduled t1", "cancelled t1", "fired t0");
  }

  @Test
  void egressFunctionWritesAStringAndAKafkaRecord() throws Exception {
    ToFunction request =
        batch(TestFunctions.EGRESS, "k1").invoke(typedValue(Types.stringType(), "v1")).build();

    FromFunction.InvocationResponse response = invoke(url(), request);

    assertThat(outLines(response)).containsExactly("egress k1 v1");
    FromFunction.EgressMessage kafka =
        response.getOutgoingEgressesList().stream()
            .filter(e -> e.getEgressType().equals(TestFunctions.KAFKA_OUT.name()))
            .findFirst()
            .orElseThrow();
    assertThat(kafka.getEgressNamespace()).isEqualTo(TestFunctions.NAMESPACE);
    assertThat(kafka.getArgument().getTypename())
        .isEqualTo("type.googleapis.com/io.statefun.sdk.egress.KafkaProducerRecord");
    KafkaProducerRecord record = KafkaProducerRecord.parseFrom(kafka.getArgument().getValue());
    assertThat(record.getTopic()).isEqualTo(TestFunctions.KAFKA_TOPIC);
    assertThat(record.getKey()).isEqualTo("k1");
    assertThat(record.getValueBytes().toStringUtf8()).isEqualTo("v1");
  }

  @Test
  void echoReturnsEveryPrimitiveTypeAsReceived() throws Exception {
    List<TypedValue> values =
        List.of(
            typedValue(Types.stringType(), "text ✓"),
            typedValue(Types.integerType(), -42),
            typedValue(Types.longType(), Long.MAX_VALUE),
            typedValue(Types.booleanType(), true),
            typedValue(Types.floatType(), 1.5f),
            typedValue(Types.doubleType(), -2.25));
    ProtocolMessages.Batch batch = batch(TestFunctions.ECHO, "e");
    values.forEach(v -> batch.invoke(address(EMBEDDED, "caller"), v));

    FromFunction.InvocationResponse response = invoke(url(), batch.build());

    assertThat(response.getOutgoingMessagesList())
        .extracting(FromFunction.Invocation::getArgument)
        .containsExactlyElementsOf(values);
    assertThat(response.getOutgoingMessagesList())
        .allMatch(m -> m.getTarget().equals(address(EMBEDDED, "caller")));
    assertThat(
            response.getOutgoingEgressesList().stream()
                .filter(e -> e.getEgressType().equals(TestFunctions.ECHOES.name()))
                .map(FromFunction.EgressMessage::getArgument)
                .toList())
        .containsExactlyElementsOf(values);
    assertThat(outLines(response))
        .containsExactly(
            "echo string text ✓",
            "echo int -42",
            "echo long 9223372036854775807",
            "echo bool true",
            "echo float 1.5",
            "echo double -2.25");
  }

  @Test
  void aFunctionFailureIsAnHttp500() throws Exception {
    ToFunction request =
        batch(TestFunctions.DELAYED, "x").invoke(typedValue(Types.stringType(), "bogus")).build();

    ProtocolMessages.Answer answer = post(url(), request);

    assertThat(answer.status()).isEqualTo(500);
  }
}
