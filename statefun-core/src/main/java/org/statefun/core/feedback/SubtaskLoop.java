package org.statefun.core.feedback;

import org.statefun.core.message.Envelope;
import org.statefun.core.termination.TerminationParticipant;

/**
 * What the head, the dispatcher and the tail of one subtask share inside the JVM: the feedback
 * channel, and the counters of the termination protocol. The counters and the activity are only
 * touched by the head task's thread (head and dispatcher are chained); only the channel is shared
 * with the tail's thread.
 */
public final class SubtaskLoop implements TerminationParticipant.LoopState {

  private final FeedbackChannel<Envelope> channel;
  private long sentToLoop;
  private long receivedFromLoop;
  private LoopActivity activity = LoopActivity.NONE;
  int references;

  SubtaskLoop(LoopKey key) {
    this.channel = new FeedbackChannel<>(key.toString());
  }

  public FeedbackChannel<Envelope> channel() {
    return channel;
  }

  /** Counts a message the dispatcher sent into the loop (to a key owned by another subtask). */
  public void countSent() {
    sentToLoop++;
  }

  /** Counts a message the head took out of the loop. */
  public void countReceived() {
    receivedFromLoop++;
  }

  @Override
  public long sent() {
    return sentToLoop;
  }

  @Override
  public long received() {
    return receivedFromLoop;
  }

  public void setActivity(LoopActivity activity) {
    this.activity = activity;
  }

  @Override
  public boolean isIdle() {
    return activity.isIdle();
  }

  /** The dispatcher of this subtask, or {@link LoopActivity#NONE} when none is open. */
  public LoopActivity activity() {
    return activity;
  }
}
