package org.statefun.core.feedback;

/** Reports whether a subtask's function dispatcher still has work that may send messages. */
@FunctionalInterface
public interface LoopActivity {

  /** True when no delayed message, async operation or queued local message is pending. */
  boolean isIdle();
}
