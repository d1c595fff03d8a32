package org.statefun.core.feedback;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.statefun.core.message.Envelope;

/**
 * The loop tail: receives, keyed by target id, the messages that functions on any subtask sent to
 * ids this subtask owns, and puts them into the feedback channel of the co-located head. Before a
 * checkpoint barrier leaves it, it puts a marker into the channel behind every record sent before
 * the barrier.
 */
public final class TailOperator extends AbstractStreamOperator<Void>
    implements OneInputStreamOperator<Envelope, Void> {

  private static final long serialVersionUID = 1L;

  private final String loopId;
  private transient LoopKey loopKey;
  private transient FeedbackChannel<Envelope> channel;

  /** The tail of the loop {@code loopId}, which its head of the same subtask reads. */
  public TailOperator(String loopId) {
    this.loopId = loopId;
  }

  @Override
  public void open() throws Exception {
    super.open();
    loopKey = LoopKey.of(getRuntimeContext(), loopId);
    channel = LoopRegistry.acquire(loopKey).channel();
  }

  /** The tail keeps no keyed state: Flink need not set each record's key. */
  @Override
  public boolean hasKeyContext1() {
    return false;
  }

  @Override
  public void processElement(StreamRecord<Envelope> record) {
    channel.put(record.getValue());
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    channel.putMarker(checkpointId);
  }

  @Override
  public void close() throws Exception {
    if (channel != null) {
      LoopRegistry.release(loopKey);
      channel = null;
    }
    super.close();
  }
}
