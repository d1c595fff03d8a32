package org.statefun.core.dispatch;

/**
 * The task's mailbox as the dispatcher sees it: letters run later, one at a time, on the task
 * thread, between checkpoint barriers, timers and the other letters. Flink's mailbox in production,
 * a plain list in tests.
 */
interface Mailbox {

  /** What a letter does. */
  @FunctionalInterface
  interface Letter {
    void run() throws Exception;
  }

  /**
   * Queues {@code letter}.
   *
   * @throws java.util.concurrent.RejectedExecutionException when the task is closing
   */
  void execute(Letter letter, String description);
}
