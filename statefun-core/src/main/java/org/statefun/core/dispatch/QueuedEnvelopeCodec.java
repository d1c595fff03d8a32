package org.statefun.core.dispatch;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.statefun.core.message.Envelope;
import org.statefun.core.message.EnvelopeSerializer;
import org.statefun.core.message.SerializationProblem;
import org.statefun.core.spill.SpillingQueue;

/**
 * Serializes queued messages in the format of the loop's checkpoint log (function types by name),
 * so queued messages can be copied into a checkpoint as they are.
 */
final class QueuedEnvelopeCodec implements SpillingQueue.Codec<Envelope> {

  private final EnvelopeSerializer serializer = new EnvelopeSerializer();
  private final int maxParallelism;

  QueuedEnvelopeCodec(int maxParallelism) {
    this.maxParallelism = maxParallelism;
  }

  @Override
  public int keyGroup(Envelope envelope) {
    return KeyGroupRangeAssignment.assignToKeyGroup(envelope.key(), maxParallelism);
  }

  @Override
  public void serialize(Envelope envelope, DataOutputView out) throws IOException {
    try {
      serializer.serialize(envelope, out);
    } catch (IOException | RuntimeException e) {
      throw new MessageDeliveryException(describe(envelope) + SerializationProblem.describe(e), e);
    }
  }

  @Override
  public Envelope deserialize(DataInputView in) throws IOException {
    return serializer.deserialize(in);
  }

  static String describe(Envelope envelope) {
    Object payload = envelope.payload();
    return (envelope.source() == null ? "An ingress" : "Function " + envelope.source())
        + " sent a message of type "
        + (payload == null ? "null" : payload.getClass().getName())
        + " to "
        + envelope.target()
        + " that cannot be serialized: ";
  }
}
