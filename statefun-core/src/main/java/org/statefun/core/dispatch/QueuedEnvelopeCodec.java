package org.statefun.core.dispatch;

import java.io.IOException;
import org.apache.flink.core.memory.DataOutputView;
import org.statefun.core.message.Envelope;
import org.statefun.core.message.EnvelopeCodec;
import org.statefun.core.message.SerializationProblem;

/**
 * Serializes queued local messages, which were never serialized before: a failure names the sender,
 * the message type and the target.
 */
final class QueuedEnvelopeCodec extends EnvelopeCodec {

  QueuedEnvelopeCodec(int maxParallelism) {
    super(maxParallelism);
  }

  @Override
  public void serialize(Envelope envelope, DataOutputView out) throws IOException {
    try {
      super.serialize(envelope, out);
    } catch (IOException | RuntimeException e) {
      Object payload = envelope.payload();
      throw new MessageDeliveryException(
          (envelope.source() == null ? "An ingress" : "Function " + envelope.source())
              + " sent a message of type "
              + (payload == null ? "null" : payload.getClass().getName())
              + " to "
              + envelope.target()
              + " that cannot be serialized: "
              + SerializationProblem.describe(e),
          e);
    }
  }
}
