package org.statefun.io.kafka;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink.PrecommittingStatefulSinkWriter;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's Kafka writer, except that {@link #close} does not fail on a Kafka error.
 *
 * <p>Why: closing an exactly-once writer aborts its open transaction, and while the brokers do not
 * answer that abort fails after the producer's {@code max.block.ms} with Kafka's {@code
 * TimeoutException} (connector 5.0.0-2.2 only tolerates a fenced producer there; the other
 * resources are closed anyway). When the task is failing — for instance because the writer's sends
 * expired during a broker outage — Flink 2.2 closes the operators in the task's failure clean-up,
 * and an exception from there is "FATAL - exception in exception handler": it shuts the whole
 * TaskManager down. A Kafka outage longer than the delivery timeout thus killed every TaskManager
 * with a writer, and a standalone cluster, left without slots, never ran the job again.
 *
 * <p>Why it is safe to ignore: the transaction the abort was for is not part of any completed
 * checkpoint (committed transactions are the committer's). The restored writers fence and abort the
 * transactions left open under their prefix when they start, and the brokers abort any other after
 * the transaction timeout; until then {@code read_committed} readers wait, they never see its
 * records.
 */
final class AbortTolerantWriter<T>
    implements PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> {

  private static final Logger LOG = LoggerFactory.getLogger(AbortTolerantWriter.class);

  private final PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> delegate;
  private final String egress;

  AbortTolerantWriter(
      PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> delegate,
      String egress) {
    this.delegate = delegate;
    this.egress = egress;
  }

  /** The connector's writer. */
  PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> delegate() {
    return delegate;
  }

  @Override
  public void write(T element, Context context) throws IOException, InterruptedException {
    delegate.write(element, context);
  }

  @Override
  public void flush(boolean endOfInput) throws IOException, InterruptedException {
    delegate.flush(endOfInput);
  }

  @Override
  public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
    delegate.writeWatermark(watermark);
  }

  @Override
  public List<KafkaWriterState> snapshotState(long checkpointId) throws IOException {
    return delegate.snapshotState(checkpointId);
  }

  @Override
  public Collection<KafkaCommittable> prepareCommit() throws IOException, InterruptedException {
    return delegate.prepareCommit();
  }

  @Override
  public void close() throws Exception {
    try {
      delegate.close();
    } catch (KafkaException e) {
      LOG.warn(
          "Egress {}: closing its Kafka writer failed ({}); its open transaction is aborted when the"
              + " writer restarts, or by the brokers after the transaction timeout",
          egress,
          e.toString());
    }
  }
}
