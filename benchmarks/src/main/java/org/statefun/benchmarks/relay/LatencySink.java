package org.statefun.benchmarks.relay;

import java.util.Arrays;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Receives creation times ({@link System#nanoTime()} in this JVM) and keeps now − creation time of
 * every record created after the warm-up (counted from the run's first ingress record, see {@link
 * Probe}). Each writer keeps its own latencies and hands them to the {@link LatencyProbe} when it
 * closes; its count and last record time go to the {@link Probe}, as the {@link CountingSink}'s do.
 */
final class LatencySink implements Sink<Long> {

  private static final long serialVersionUID = 1L;

  private final long warmupNanos;

  LatencySink(long warmupNanos) {
    this.warmupNanos = warmupNanos;
  }

  @Override
  public SinkWriter<Long> createWriter(WriterInitContext context) {
    return new Writer(warmupNanos);
  }

  private static final class Writer implements SinkWriter<Long> {
    private final long warmupNanos;
    private long[] latencies = new long[1 << 16];
    private int measured;
    private long count;
    private long lastRecordNanos;

    Writer(long warmupNanos) {
      this.warmupNanos = warmupNanos;
    }

    @Override
    public void write(Long createdNanos, Context context) {
      long now = System.nanoTime();
      count++;
      lastRecordNanos = now;
      if (createdNanos - Probe.firstIngressNanos() < warmupNanos) {
        return;
      }
      if (measured == latencies.length) {
        latencies = Arrays.copyOf(latencies, measured * 2);
      }
      latencies[measured++] = now - createdNanos;
    }

    @Override
    public void flush(boolean endOfInput) {}

    @Override
    public void close() {
      LatencyProbe.add(Arrays.copyOf(latencies, measured));
      Probe.egressWriterClosed(count, lastRecordNanos);
    }
  }
}
