package org.statefun.core.feedback;

/**
 * The in-memory byte budget shared by all open checkpoint logs of one loop head ({@code
 * statefun.feedback.memory.size}); beyond it, logs spill to disk.
 */
final class LogBudget {

  private final long limitBytes;
  private long usedBytes;

  LogBudget(long limitBytes) {
    if (limitBytes < 0) {
      throw new IllegalArgumentException("Feedback log memory must not be negative: " + limitBytes);
    }
    this.limitBytes = limitBytes;
  }

  void reserve(long bytes) {
    usedBytes += bytes;
  }

  void release(long bytes) {
    usedBytes -= bytes;
  }

  boolean exceeded() {
    return usedBytes > limitBytes;
  }

  long used() {
    return usedBytes;
  }
}
