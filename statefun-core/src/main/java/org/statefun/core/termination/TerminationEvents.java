package org.statefun.core.termination;

import org.apache.flink.runtime.operators.coordination.OperatorEvent;

/** The messages of the termination protocol between loop heads and their coordinator. */
public final class TerminationEvents {
  private TerminationEvents() {}

  /** Head to coordinator: every ingress instance has delivered its last record to this head. */
  public record InputDone() implements OperatorEvent {
    private static final long serialVersionUID = 1L;
  }

  /**
   * Coordinator to head: report your counters for wave {@code wave}.
   *
   * <p>Loss tolerant: a probe can reach a head whose task has just finished (a job stopped with a
   * savepoint while the loop was still busy), and Flink would otherwise fail the job over to make
   * up for the lost event. A wave that loses a probe never completes; only a finished or failed
   * task loses one, and the job then ends or restarts, which resets the protocol.
   */
  public record Probe(long wave) implements OperatorEvent {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isLossTolerant() {
      return true;
    }
  }

  /**
   * Head to coordinator: the state of one subtask's loop when it handled {@link Probe}.
   *
   * @param wave the probe answered
   * @param idle no delayed message, async operation or queued message pending
   * @param sent messages this subtask sent into the loop
   * @param received messages this subtask took out of the loop
   */
  public record Report(long wave, boolean idle, long sent, long received) implements OperatorEvent {
    private static final long serialVersionUID = 1L;
  }
}
