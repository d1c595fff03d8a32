package org.statefun.benchmarks.relay;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Counts records and notes when the last one arrived. Each writer keeps its own figures and hands
 * them to the {@link Probe} only when it closes, so the sinks of both subtasks never contend on a
 * shared counter while the clock runs.
 */
final class CountingSink<T> implements Sink<T> {

  private static final long serialVersionUID = 1L;

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    return new Writer<>();
  }

  private static final class Writer<T> implements SinkWriter<T> {
    private long count;
    private long lastRecordNanos;

    @Override
    public void write(T element, Context context) {
      count++;
      lastRecordNanos = System.nanoTime();
    }

    @Override
    public void flush(boolean endOfInput) {}

    @Override
    public void close() {
      Probe.egressWriterClosed(count, lastRecordNanos);
    }
  }
}
