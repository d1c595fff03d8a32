package org.statefun.core.termination;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connects, inside the JobManager, the loop's termination coordinator with the split enumerators of
 * the job's ingresses: when the loop is quiescent the coordinator releases every ingress, whose
 * readers then end their input (each enumerator tells its readers with a {@link
 * ReleaseReaderEvent}). Both sides run in the JobManager under the job's class loader and find each
 * other by the job's loop id.
 *
 * <p>A release is sticky: enumerators created after it (for example after a restore from a
 * checkpoint taken after the release) are released as soon as they register.
 */
public final class IngressReleaseRegistry {

  private static final class Loop {
    final Set<Runnable> releasers = ConcurrentHashMap.newKeySet();
    volatile boolean released;
  }

  private static final ConcurrentHashMap<String, Loop> LOOPS = new ConcurrentHashMap<>();

  private IngressReleaseRegistry() {}

  static void register(String loopId, Runnable releaser) {
    Loop loop = LOOPS.computeIfAbsent(loopId, k -> new Loop());
    loop.releasers.add(releaser);
    if (loop.released) {
      releaser.run();
    }
  }

  static void unregister(String loopId, Runnable releaser) {
    Loop loop = LOOPS.get(loopId);
    if (loop != null) {
      loop.releasers.remove(releaser);
    }
  }

  static void releaseAll(String loopId) {
    Loop loop = LOOPS.computeIfAbsent(loopId, k -> new Loop());
    loop.released = true;
    loop.releasers.forEach(Runnable::run);
  }

  /** Takes a release back: the job restored to a point before it. */
  static void reset(String loopId) {
    Loop loop = LOOPS.get(loopId);
    if (loop != null) {
      loop.released = false;
    }
  }

  /** Forgets the loop: its job is over. */
  static void forget(String loopId) {
    LOOPS.remove(loopId);
  }
}
