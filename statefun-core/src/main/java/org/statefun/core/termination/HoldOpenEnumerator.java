package org.statefun.core.termination;

import java.io.IOException;
import java.util.List;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * The enumerator side of {@link HoldOpenSource}: delegates everything and, once the termination
 * coordinator releases the ingress, tells every reader (including readers that register later) to
 * end.
 */
final class HoldOpenEnumerator<S extends SourceSplit, E> implements SplitEnumerator<S, E> {

  private final SplitEnumerator<S, E> inner;
  private final SplitEnumeratorContext<S> context;
  private final String loopId;
  private final Runnable releaser;
  private boolean released; // coordinator thread only

  HoldOpenEnumerator(
      SplitEnumerator<S, E> inner, SplitEnumeratorContext<S> context, String loopId) {
    this.inner = inner;
    this.context = context;
    this.loopId = loopId;
    this.releaser = () -> context.runInCoordinatorThread(this::releaseReaders);
  }

  @Override
  public void start() {
    inner.start();
    IngressReleaseRegistry.register(loopId, releaser);
  }

  private void releaseReaders() {
    released = true;
    for (int reader : context.registeredReaders().keySet()) {
      context.sendEventToSourceReader(reader, new ReleaseReaderEvent());
    }
  }

  @Override
  public void handleSplitRequest(int subtaskId, String requesterHostname) {
    inner.handleSplitRequest(subtaskId, requesterHostname);
  }

  @Override
  public void addSplitsBack(List<S> splits, int subtaskId) {
    inner.addSplitsBack(splits, subtaskId);
  }

  @Override
  public void addReader(int subtaskId) {
    inner.addReader(subtaskId);
    if (released) {
      context.sendEventToSourceReader(subtaskId, new ReleaseReaderEvent());
    }
  }

  @Override
  public E snapshotState(long checkpointId) throws Exception {
    return inner.snapshotState(checkpointId);
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
  public void handleSourceEvent(int subtaskId, SourceEvent sourceEvent) {
    inner.handleSourceEvent(subtaskId, sourceEvent);
  }

  @Override
  public void close() throws IOException {
    IngressReleaseRegistry.unregister(loopId, releaser);
    inner.close();
  }
}
