package org.statefun.core.dispatch;

import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import org.statefun.core.message.Envelope;
import org.statefun.core.spill.SpillingQueue;

/**
 * The messages waiting for this subtask's functions, and how they run: first in, first out, at most
 * {@code batchSize} invocations per mailbox step — fewer when they send: an invocation costs the
 * messages it sent, at least 1. A step's length is thus bounded by its output too (a fan-out of 100
 * per invocation runs 10 invocations a step, not 1000), and output is what blocks when the job
 * backpressures: a step that sent 100,000 messages held checkpoint barriers for tens of seconds.
 * When work is left the rest runs in a continuation letter, so checkpoint barriers, timers, async
 * results, loop messages and cancellation get the thread between batches, and every queued address
 * progresses — a message cycle slows the subtask down but never captures it.
 */
final class LocalWork implements AutoCloseable {

  /** Invokes the function addressed by one message. */
  @FunctionalInterface
  interface Invoker {
    /** Returns how many messages the invocation sent. */
    int invoke(Envelope envelope) throws Exception;
  }

  private final SpillingQueue<Envelope> queue;
  private final int batchSize;
  private final Mailbox mailbox;
  private final Invoker invoker;
  private final BooleanSupplier paused;

  private int budget;
  private boolean continuationScheduled;

  /**
   * @param queue where messages wait
   * @param batchSize invocations per mailbox step, or messages sent by them
   * @param mailbox the task's mailbox, for continuation letters
   * @param invoker runs one message
   * @param paused while true no invocation starts (e.g. async operations at their limit); whoever
   *     ends the pause calls {@link #run()}
   */
  LocalWork(
      SpillingQueue<Envelope> queue,
      int batchSize,
      Mailbox mailbox,
      Invoker invoker,
      BooleanSupplier paused) {
    this.queue = queue;
    this.batchSize = batchSize;
    this.mailbox = mailbox;
    this.invoker = invoker;
    this.paused = paused;
    this.budget = batchSize;
  }

  void add(Envelope envelope) throws IOException {
    queue.add(envelope);
  }

  /** A new mailbox step begins: the next {@link #run()} may invoke up to a batch again. */
  void beginStep() {
    budget = batchSize;
  }

  /**
   * Runs queued messages within this step's budget. When a continuation is already scheduled it
   * runs them instead, in order; when work is left, one is scheduled.
   */
  void run() throws Exception {
    if (continuationScheduled) {
      return;
    }
    Envelope next;
    while (budget > 0 && !paused.getAsBoolean() && (next = queue.poll()) != null) {
      budget -= Math.max(1, invoker.invoke(next));
    }
    if (!queue.isEmpty() && !paused.getAsBoolean()) {
      scheduleContinuation();
    }
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  /** More is queued than one batch runs: the head should hold back new ingress records. */
  boolean isBacklogged() {
    return queue.size() >= batchSize;
  }

  SpillingQueue<Envelope> queue() {
    return queue;
  }

  @Override
  public void close() throws IOException {
    queue.close();
  }

  private void scheduleContinuation() {
    continuationScheduled = true;
    try {
      mailbox.execute(this::continueRunning, "statefun queued messages");
    } catch (RejectedExecutionException e) {
      // The task is closing; what is queued was logged by the last checkpoint.
    }
  }

  private void continueRunning() throws Exception {
    continuationScheduled = false;
    budget = batchSize;
    run();
  }
}
