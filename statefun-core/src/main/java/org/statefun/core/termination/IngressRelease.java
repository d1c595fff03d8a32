package org.statefun.core.termination;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connects, inside the JobManager, the loop's termination coordinator with the split enumerators
 * of the job's ingresses: when the loop is quiescent the coordinator releases every ingress, whose
 * readers then end their input. Both sides run in the JobManager under the job's class loader and
 * find each other by the job's loop id.
 */
public final class IngressRelease {

  private static final ConcurrentHashMap<String, Set<Runnable>> RELEASERS =
      new ConcurrentHashMap<>();

  private IngressRelease() {}

  static void register(String loopId, Runnable releaser) {
    RELEASERS.computeIfAbsent(loopId, k -> ConcurrentHashMap.newKeySet()).add(releaser);
  }

  static void unregister(String loopId, Runnable releaser) {
    RELEASERS.computeIfPresent(
        loopId,
        (k, set) -> {
          set.remove(releaser);
          return set.isEmpty() ? null : set;
        });
  }

  static void releaseAll(String loopId) {
    Set<Runnable> releasers = RELEASERS.get(loopId);
    if (releasers != null) {
      releasers.forEach(Runnable::run);
    }
  }
}
