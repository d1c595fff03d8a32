package org.statefun.core.feedback;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The JVM-wide meeting point of heads, dispatchers and tails. Head and tail of subtask i are
 * co-located (same slot, same TaskManager), so a static map reaches both; each participant acquires
 * the loop on open and releases it on close, and the last release removes it.
 */
public final class LoopRegistry {

  private static final ConcurrentHashMap<LoopKey, SubtaskLoop> LOOPS = new ConcurrentHashMap<>();

  private LoopRegistry() {}

  public static SubtaskLoop acquire(LoopKey key) {
    return LOOPS.compute(
        key,
        (k, loop) -> {
          SubtaskLoop result = loop != null ? loop : new SubtaskLoop(k);
          result.references++;
          return result;
        });
  }

  public static void release(LoopKey key) {
    LOOPS.computeIfPresent(key, (k, loop) -> --loop.references == 0 ? null : loop);
  }

  /** Number of live loops in this JVM; for tests. */
  static int size() {
    return LOOPS.size();
  }
}
