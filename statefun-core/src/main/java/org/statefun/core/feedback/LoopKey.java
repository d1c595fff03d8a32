package org.statefun.core.feedback;

import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * Identifies the loop of one subtask: the head and tail with the same job, subtask index and
 * attempt number meet in the same {@link SubtaskLoop}. The attempt number keeps a restarted attempt
 * from picking up a stale channel left in the JVM by the previous one.
 */
public record LoopKey(String jobId, int subtaskIndex, int attemptNumber) {

  public static LoopKey of(RuntimeContext context) {
    return new LoopKey(
        context.getJobInfo().getJobId().toString(),
        context.getTaskInfo().getIndexOfThisSubtask(),
        context.getTaskInfo().getAttemptNumber());
  }
}
