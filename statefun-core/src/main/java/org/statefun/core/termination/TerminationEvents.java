package org.statefun.core.termination;

import org.apache.flink.runtime.operators.coordination.OperatorEvent;

/** The messages of the termination protocol between loop heads and their coordinator. */
public final class TerminationEvents {
  private TerminationEvents() {}

  /** Head to coordinator: every ingress instance has delivered its last record to this head. */
  public record InputDone() implements OperatorEvent {
    private static final long serialVersionUID = 1L;
  }

  /** Coordinator to head: report your counters for wave {@code wave}. */
  public record Probe(long wave) implements OperatorEvent {
    private static final long serialVersionUID = 1L;
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
