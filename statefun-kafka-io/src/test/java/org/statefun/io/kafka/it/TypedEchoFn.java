package org.statefun.io.kafka.it;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.statefun.remote.protocol.egress.generated.KafkaProducerRecord;
import org.statefun.sdk.Context;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.TypedValue;
import org.statefun.sdk.io.EgressIdentifier;

/**
 * Answers each {@link TypedValue} from a StateFun Kafka ingress with a StateFun {@code
 * KafkaProducerRecord} to the egress {@code sf/out}: topic {@code topic}, key = its own id, value
 * "{@code <function type> <type name> <value>}". Throws once when {@link #failAfter} armed it (the
 * MiniCluster runs in the test JVM).
 */
public final class TypedEchoFn implements StatefulFunction {

  static final EgressIdentifier<TypedValue> OUT =
      new EgressIdentifier<>(TypedValue.class, "sf", "out");
  static final String PRODUCER_RECORD =
      "type.googleapis.com/io.statefun.sdk.egress.KafkaProducerRecord";

  static final AtomicBoolean ARMED = new AtomicBoolean();
  static final AtomicInteger COUNTDOWN = new AtomicInteger();
  static final AtomicBoolean FAILED = new AtomicBoolean();

  private final String topic;

  TypedEchoFn(String topic) {
    this.topic = topic;
  }

  /** Arms the failure: the {@code messages}-th message handled from now on throws, once. */
  static void failAfter(int messages) {
    COUNTDOWN.set(messages);
    ARMED.set(true);
  }

  static String output(String function, String typeName, String value) {
    return function + " " + typeName + " " + value;
  }

  @Override
  public void invoke(Context context, Object message) {
    if (ARMED.get() && COUNTDOWN.decrementAndGet() == 0 && FAILED.compareAndSet(false, true)) {
      throw new IllegalStateException("injected failure");
    }
    TypedValue in = (TypedValue) message;
    String value =
        output(
            context.self().type().toString(),
            in.typeName(),
            new String(in.value(), StandardCharsets.UTF_8));
    byte[] record =
        KafkaProducerRecord.newBuilder()
            .setTopic(topic)
            .setKey(context.self().id())
            .setValueBytes(ByteString.copyFromUtf8(value))
            .build()
            .toByteArray();
    context.send(OUT, new TypedValue(PRODUCER_RECORD, record));
  }
}
