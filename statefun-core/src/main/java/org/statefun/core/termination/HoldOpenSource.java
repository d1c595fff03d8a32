package org.statefun.core.termination;

import java.util.Objects;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Wraps an ingress source so that it does not end while the loop still carries messages.
 *
 * <p>When the wrapped reader reaches the end of its input, the reader emits its {@link IngressEnd}
 * and then waits instead of ending. The task keeps running, so checkpoints keep working while the
 * functions finish what the ingress started. When the termination coordinator finds the loop
 * quiescent it releases the enumerators, which tell their readers to end; Flink then finishes the
 * job as usual.
 *
 * @param <T> the wrapped source's record type
 */
public final class HoldOpenSource<T, S extends SourceSplit, E> implements Source<Object, S, E> {

  private static final long serialVersionUID = 1L;

  private final Source<T, S, E> inner;
  private final String loopId;
  private final int ingressIndex;

  /**
   * @param loopId the job's loop, whose termination coordinator releases this source
   * @param ingressIndex the position of the ingress in the job's ingress list, for its {@link
   *     IngressEnd}
   */
  public HoldOpenSource(Source<T, S, E> inner, String loopId, int ingressIndex) {
    this.inner = Objects.requireNonNull(inner);
    this.loopId = Objects.requireNonNull(loopId);
    this.ingressIndex = ingressIndex;
  }

  @Override
  public Boundedness getBoundedness() {
    // The wrapper only ends when released, never on its own.
    return Boundedness.CONTINUOUS_UNBOUNDED;
  }

  @Override
  public SourceReader<Object, S> createReader(SourceReaderContext context) throws Exception {
    return new HoldOpenReader<>(
        inner.createReader(context),
        new IngressEnd(ingressIndex, context.getIndexOfSubtask(), context.currentParallelism()));
  }

  @Override
  public SplitEnumerator<S, E> createEnumerator(SplitEnumeratorContext<S> context)
      throws Exception {
    return new HoldOpenEnumerator<>(inner.createEnumerator(context), context, loopId);
  }

  @Override
  public SplitEnumerator<S, E> restoreEnumerator(SplitEnumeratorContext<S> context, E checkpoint)
      throws Exception {
    return new HoldOpenEnumerator<>(inner.restoreEnumerator(context, checkpoint), context, loopId);
  }

  @Override
  public SimpleVersionedSerializer<S> getSplitSerializer() {
    return inner.getSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<E> getEnumeratorCheckpointSerializer() {
    return inner.getEnumeratorCheckpointSerializer();
  }
}
