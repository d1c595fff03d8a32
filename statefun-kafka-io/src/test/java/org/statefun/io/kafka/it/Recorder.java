package org.statefun.io.kafka.it;

import org.statefun.io.kafka.KafkaEgressRecord;
import org.statefun.sdk.Context;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.io.EgressIdentifier;

/**
 * Writes every message it gets to the topic {@code k-out-<its type name>} of egress {@code kt/out}:
 * key = its id, value = the message's text, header {@code function} = its type.
 */
public final class Recorder implements StatefulFunction {

  static final EgressIdentifier<Object> OUT = new EgressIdentifier<>(Object.class, "kt", "out");

  @Override
  public void invoke(Context context, Object message) {
    context.send(
        OUT,
        KafkaEgressRecord.to(
                "k-out-" + context.self().type().name(), context.self().id(), message.toString())
            .withHeader("function", context.self().type().toString()));
  }
}
