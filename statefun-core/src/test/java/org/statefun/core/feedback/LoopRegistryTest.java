package org.statefun.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Loops meet by job, loop, subtask and attempt: any difference is another channel. */
class LoopRegistryTest {

  @Test
  void twoLoopsOfOneJobOrTwoJobsNeverShareAChannel() {
    LoopKey key = new LoopKey("job-a", "loop-1", 0, 0);
    LoopKey otherLoop = new LoopKey("job-a", "loop-2", 0, 0);
    LoopKey otherJob = new LoopKey("job-b", "loop-1", 0, 0);
    LoopKey otherAttempt = new LoopKey("job-a", "loop-1", 0, 1);
    try {
      SubtaskLoop loop = LoopRegistry.acquire(key);
      assertThat(LoopRegistry.acquire(key)).isSameAs(loop); // the tail meets the head
      assertThat(LoopRegistry.acquire(otherLoop)).isNotSameAs(loop);
      assertThat(LoopRegistry.acquire(otherJob)).isNotSameAs(loop);
      assertThat(LoopRegistry.acquire(otherAttempt)).isNotSameAs(loop);
      assertThat(LoopRegistry.acquire(otherLoop).channel()).isNotSameAs(loop.channel());
    } finally {
      LoopRegistry.release(key);
      LoopRegistry.release(key);
      LoopRegistry.release(otherLoop);
      LoopRegistry.release(otherLoop);
      LoopRegistry.release(otherJob);
      LoopRegistry.release(otherAttempt);
    }
  }
}
