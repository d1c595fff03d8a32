package org.statefun.core.termination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.operators.coordination.OperatorEvent;
import org.junit.jupiter.api.Test;

class TerminationParticipantTest {

  private final List<OperatorEvent> sent = new ArrayList<>();
  private final TerminationParticipant participant = new TerminationParticipant(sent::add, 2);

  @Test
  void tellsTheCoordinatorOnceWhenEveryInstanceOfEveryIngressHasEnded() {
    participant.onIngressEnd(new IngressEnd(0, 0, 2));
    participant.onIngressEnd(new IngressEnd(1, 0, 1));
    participant.onIngressEnd(
        new IngressEnd(0, 0, 2)); // the same instance, through another key group
    assertThat(sent).isEmpty();

    participant.onIngressEnd(new IngressEnd(0, 1, 2));
    participant.onIngressEnd(new IngressEnd(0, 1, 2));

    assertThat(sent).containsExactly(new TerminationEvents.InputDone());
  }

  @Test
  void answersAProbeWithTheLoopsStateAndIgnoresItOnceClosed() {
    participant.handle(new TerminationEvents.Probe(7), loop(true, 12, 10));
    participant.handle(new TerminationEvents.Probe(8), null);

    assertThat(sent).containsExactly(new TerminationEvents.Report(7, true, 12, 10));
  }

  @Test
  void rejectsOtherEvents() {
    assertThatThrownBy(
            () -> participant.handle(new TerminationEvents.InputDone(), loop(true, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unexpected operator event InputDone[]");
  }

  private static TerminationParticipant.LoopState loop(boolean idle, long sent, long received) {
    return new TerminationParticipant.LoopState() {
      @Override
      public boolean isIdle() {
        return idle;
      }

      @Override
      public long sent() {
        return sent;
      }

      @Override
      public long received() {
        return received;
      }
    };
  }
}
