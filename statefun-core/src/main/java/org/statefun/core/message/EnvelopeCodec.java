package org.statefun.core.message;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.statefun.core.spill.SpillingQueue;

/**
 * Envelopes in spill files and queues, in the format of the loop's checkpoint log (function types
 * by name), with the key group of their target id.
 */
public class EnvelopeCodec implements SpillingQueue.Codec<Envelope> {

  private final EnvelopeSerializer serializer = new EnvelopeSerializer();
  private final int maxParallelism;

  public EnvelopeCodec(int maxParallelism) {
    this.maxParallelism = maxParallelism;
  }

  @Override
  public int keyGroup(Envelope envelope) {
    return KeyGroupRangeAssignment.assignToKeyGroup(envelope.key(), maxParallelism);
  }

  @Override
  public void serialize(Envelope envelope, DataOutputView out) throws IOException {
    serializer.serialize(envelope, out);
  }

  @Override
  public Envelope deserialize(DataInputView in) throws IOException {
    return serializer.deserialize(in);
  }
}
