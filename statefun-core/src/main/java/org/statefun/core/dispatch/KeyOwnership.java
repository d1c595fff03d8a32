package org.statefun.core.dispatch;

import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/** Tells whether an address id belongs to this subtask's key groups. */
public final class KeyOwnership {

  private final KeyGroupRange range;
  private final int maxParallelism;

  public KeyOwnership(KeyGroupRange range, int maxParallelism) {
    this.range = range;
    this.maxParallelism = maxParallelism;
  }

  /** The key groups of the subtask described by {@code task}. */
  public static KeyOwnership of(TaskInfo task) {
    int maxParallelism = task.getMaxNumberOfParallelSubtasks();
    return new KeyOwnership(
        KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
            maxParallelism, task.getNumberOfParallelSubtasks(), task.getIndexOfThisSubtask()),
        maxParallelism);
  }

  public boolean isLocal(String id) {
    return range.contains(KeyGroupRangeAssignment.assignToKeyGroup(id, maxParallelism));
  }
}
