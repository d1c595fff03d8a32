package org.statefun.core.termination;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.InputStatus;

/** The reader side of {@link HoldOpenSource}. */
final class HoldOpenReader<T, S extends SourceSplit> implements SourceReader<Object, S> {

  private final SourceReader<T, S> inner;
  private final IngressEnd end;
  private final CompletableFuture<Void> released = new CompletableFuture<>();
  private boolean innerEnded;

  /**
   * @param end what this reader emits behind the last record of {@code inner}
   */
  HoldOpenReader(SourceReader<T, S> inner, IngressEnd end) {
    this.inner = inner;
    this.end = end;
  }

  @Override
  public void start() {
    inner.start();
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public InputStatus pollNext(ReaderOutput<Object> output) throws Exception {
    if (!innerEnded) {
      InputStatus status = inner.pollNext((ReaderOutput) output);
      if (status != InputStatus.END_OF_INPUT) {
        return status;
      }
      innerEnded = true;
      output.collect(end);
    }
    return released.isDone() ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
  }

  @Override
  public CompletableFuture<Void> isAvailable() {
    return innerEnded ? released : inner.isAvailable();
  }

  @Override
  public List<S> snapshotState(long checkpointId) {
    return inner.snapshotState(checkpointId);
  }

  @Override
  public void addSplits(List<S> splits) {
    inner.addSplits(splits);
  }

  @Override
  public void notifyNoMoreSplits() {
    inner.notifyNoMoreSplits();
  }

  @Override
  public void handleSourceEvents(SourceEvent event) {
    if (event instanceof ReleaseReaderEvent) {
      released.complete(null);
    } else {
      inner.handleSourceEvents(event);
    }
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    inner.notifyCheckpointComplete(checkpointId);
  }

  @Override
  public void notifyCheckpointAborted(long checkpointId) throws Exception {
    inner.notifyCheckpointAborted(checkpointId);
  }

  @Override
  public void pauseOrResumeSplits(
      java.util.Collection<String> splitsToPause, java.util.Collection<String> splitsToResume) {
    inner.pauseOrResumeSplits(splitsToPause, splitsToResume);
  }

  @Override
  public void close() throws Exception {
    inner.close();
  }
}
