package org.statefun.core.config;

import java.io.Serializable;
import org.apache.flink.configuration.MemorySize;

/**
 * A per-subtask memory budget: as configured, or a share of the heap of the JVM it runs in, which
 * is only known on the TaskManager — hence resolved there, in the operator.
 *
 * @param configured the configured size, or null for the heap-relative default
 */
public record MemoryBudget(MemorySize configured) implements Serializable {

  static final long MIN_DEFAULT_BYTES = 4L << 20;
  static final long MAX_DEFAULT_BYTES = 64L << 20;
  static final int HEAP_SHARE = 32;

  /** The budget in bytes, for a JVM whose heap may grow to {@code maxHeapBytes}. */
  public long bytes(long maxHeapBytes) {
    if (configured != null) {
      return configured.getBytes();
    }
    return Math.max(MIN_DEFAULT_BYTES, Math.min(MAX_DEFAULT_BYTES, maxHeapBytes / HEAP_SHARE));
  }

  /** The budget in bytes in this JVM. */
  public long bytes() {
    return bytes(Runtime.getRuntime().maxMemory());
  }
}
