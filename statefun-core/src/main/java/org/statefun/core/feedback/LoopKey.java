package org.statefun.core.feedback;

import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * Identifies the loop of one subtask: the head and tail with the same job, loop, subtask index and
 * attempt number meet in the same {@link SubtaskLoop}. The job and the loop (an id drawn when the
 * universe is translated) keep two jobs in one TaskManager, or two loops in one job, apart; the
 * attempt number keeps a restarted attempt from picking up a stale channel left in the JVM by the
 * previous one.
 */
public record LoopKey(String jobId, String loopId, int subtaskIndex, int attemptNumber) {

  /** The key of the loop {@code loopId} for the subtask that {@code context} belongs to. */
  public static LoopKey of(RuntimeContext context, String loopId) {
    return new LoopKey(
        context.getJobInfo().getJobId().toString(),
        loopId,
        context.getTaskInfo().getIndexOfThisSubtask(),
        context.getTaskInfo().getAttemptNumber());
  }
}
