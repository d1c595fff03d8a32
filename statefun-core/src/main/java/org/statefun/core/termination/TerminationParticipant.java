package org.statefun.core.termination;

import org.apache.flink.runtime.operators.coordination.OperatorEvent;
import org.apache.flink.runtime.operators.coordination.OperatorEventGateway;

/**
 * A loop head's part in the termination protocol, the counterpart of {@link
 * LoopTerminationCoordinator}: it tells the coordinator once every ingress instance has ended
 * (their {@link IngressEnd} markers arrive in order behind their data) and answers each probe with
 * the state of its subtask's loop.
 */
public final class TerminationParticipant {

  /** What a head reports of its subtask's loop. */
  public interface LoopState {
    /** No delayed message, async operation or queued message pending. */
    boolean isIdle();

    /** Messages this subtask sent into the loop. */
    long sent();

    /** Messages this subtask took out of the loop. */
    long received();
  }

  private final OperatorEventGateway coordinator;
  private final IngressProgress progress;

  /**
   * @param coordinator the gateway to the job's {@link LoopTerminationCoordinator}
   * @param ingressCount number of ingresses whose end the head waits for
   */
  public TerminationParticipant(OperatorEventGateway coordinator, int ingressCount) {
    this.coordinator = coordinator;
    this.progress = new IngressProgress(ingressCount);
  }

  /** An ingress-end marker reached the head. */
  public void onIngressEnd(IngressEnd end) {
    if (progress.record(end)) {
      coordinator.sendEventToCoordinator(new TerminationEvents.InputDone());
    }
  }

  /**
   * Handles an event from the coordinator.
   *
   * @param loop the subtask's loop; null once the head has closed
   */
  public void handle(OperatorEvent event, LoopState loop) {
    if (event instanceof TerminationEvents.Probe probe) {
      if (loop == null) {
        return; // closed: the coordinator hears of it through the task's end
      }
      coordinator.sendEventToCoordinator(
          new TerminationEvents.Report(probe.wave(), loop.isIdle(), loop.sent(), loop.received()));
    } else {
      throw new IllegalArgumentException("Unexpected operator event " + event);
    }
  }
}
