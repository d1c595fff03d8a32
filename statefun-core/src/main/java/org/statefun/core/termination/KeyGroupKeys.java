package org.statefun.core.termination;

import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * Finds, for every key group, a key that falls into it: a way to reach every subtask of a keyBy.
 */
final class KeyGroupKeys {
  private KeyGroupKeys() {}

  static String[] forAllKeyGroups(int maxParallelism) {
    String[] keys = new String[maxParallelism];
    int found = 0;
    for (long i = 0; found < maxParallelism; i++) {
      String candidate = "statefun-key-group-probe-" + i;
      int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(candidate, maxParallelism);
      if (keys[keyGroup] == null) {
        keys[keyGroup] = candidate;
        found++;
      }
    }
    return keys;
  }
}
