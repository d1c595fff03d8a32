package org.statefun.io.kafka;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A source that runs a {@link BrokerCheck} before its enumerator starts (on the JobManager, when
 * the job starts or restores), and otherwise is its delegate. Until the check has passed once, a
 * failure is the job's first start failing and is final ({@link BrokerCheck#run(boolean)}); the
 * JobManager keeps this object across the restarts of a job, so that a broker lost later is retried
 * by the restart strategy as before.
 */
final class CheckedSource<T, S extends SourceSplit, E> implements Source<T, S, E> {

  private static final long serialVersionUID = 1L;

  private final Source<T, S, E> delegate;
  private final BrokerCheck check;

  /** Whether the check passed once in this JobManager: after that, a start is a restart. */
  private transient volatile boolean reached;

  CheckedSource(Source<T, S, E> delegate, BrokerCheck check) {
    this.delegate = delegate;
    this.check = check;
  }

  @Override
  public Boundedness getBoundedness() {
    return delegate.getBoundedness();
  }

  @Override
  public SourceReader<T, S> createReader(SourceReaderContext context) throws Exception {
    return delegate.createReader(context);
  }

  @Override
  public SplitEnumerator<S, E> createEnumerator(SplitEnumeratorContext<S> context)
      throws Exception {
    check();
    return delegate.createEnumerator(context);
  }

  @Override
  public SplitEnumerator<S, E> restoreEnumerator(SplitEnumeratorContext<S> context, E checkpoint)
      throws Exception {
    check();
    return delegate.restoreEnumerator(context, checkpoint);
  }

  private void check() {
    check.run(!reached);
    reached = true;
  }

  @Override
  public SimpleVersionedSerializer<S> getSplitSerializer() {
    return delegate.getSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<E> getEnumeratorCheckpointSerializer() {
    return delegate.getEnumeratorCheckpointSerializer();
  }
}
