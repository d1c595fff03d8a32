package org.statefun.core.feedback;

import java.io.IOException;
import org.statefun.core.spill.SpillingQueue;

/** What the loop head needs to know of, and ask from, the dispatcher chained behind it. */
public interface LoopActivity {

  /** A dispatcher with nothing to do: the state before one registers and after it closes. */
  LoopActivity NONE =
      new LoopActivity() {
        @Override
        public boolean isIdle() {
          return true;
        }

        @Override
        public boolean isBacklogged() {
          return false;
        }

        @Override
        public void beginStep() {}

        @Override
        public void forEachQueued(SpillingQueue.SerializedSink sink) {}
      };

  /** True when no delayed message, async operation or queued local message is pending. */
  boolean isIdle();

  /**
   * True when more messages wait than one batch runs, or async operations are at their limit: the
   * head then lets queued work run before it takes the next ingress record.
   */
  boolean isBacklogged();

  /** A new mailbox step of the task begins: the dispatcher may run a batch of invocations. */
  void beginStep();

  /**
   * Hands every message waiting for local delivery, serialized with its key group, to {@code sink}:
   * a checkpoint being taken must hold them, since the functions that sent them already ran.
   */
  void forEachQueued(SpillingQueue.SerializedSink sink) throws IOException;
}
