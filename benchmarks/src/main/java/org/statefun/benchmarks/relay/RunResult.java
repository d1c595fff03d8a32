package org.statefun.benchmarks.relay;

/**
 * The figures of one measured run.
 *
 * @param pipeline the pipeline's name
 * @param records source records
 * @param expectedEgressRecords the egress records they must lead to (records × fan-out)
 * @param egressRecords what the counting sink saw
 * @param elapsedNanos first ingress record to last egress record, -1 when there was none
 * @param usage CPU, heap and GC over the whole run
 * @param checkpoints checkpoints completed during the run
 */
record RunResult(
    String pipeline,
    long records,
    long expectedEgressRecords,
    long egressRecords,
    long elapsedNanos,
    ResourceMeter.Usage usage,
    long checkpoints) {

  private static final double MIB = 1024.0 * 1024.0;

  /** A run that lost or duplicated messages measured nothing. */
  boolean complete() {
    return egressRecords == expectedEgressRecords && elapsedNanos > 0;
  }

  /** Ingress (source) records per second. */
  double messagesPerSecond() {
    return elapsedNanos <= 0 ? 0 : records * 1e9 / elapsedNanos;
  }

  /** Egress records per second: {@link #messagesPerSecond()} × fan-out. */
  double egressPerSecond() {
    return elapsedNanos <= 0 ? 0 : egressRecords * 1e9 / elapsedNanos;
  }

  /** More than one egress record per source record. */
  boolean fansOut() {
    return expectedEgressRecords != records;
  }

  /** Per ingress (source) record. */
  double cpuMicrosPerMessage() {
    return usage.cpuNanos() / 1e3 / records;
  }

  double peakHeapMiB() {
    return usage.peakHeapBytes() / MIB;
  }

  /** The most heap left after a collection, or -1 when no collection ran during the run. */
  double heapAfterGcMiB() {
    return usage.maxHeapAfterGcBytes() == 0 ? -1 : usage.maxHeapAfterGcBytes() / MIB;
  }

  double elapsedSeconds() {
    return elapsedNanos / 1e9;
  }
}
