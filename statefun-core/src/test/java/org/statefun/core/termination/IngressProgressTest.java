package org.statefun.core.termination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IngressProgressTest {

  @Test
  void oneIngressOfParallelismOne() {
    IngressProgress progress = new IngressProgress(1);
    assertThat(progress.record(new IngressEnd(0, 0, 1))).isTrue();
  }

  @Test
  void duplicateMarkersCountOnceAndCompletionIsReportedOnce() {
    IngressProgress progress = new IngressProgress(1);
    // every key group of this head gets the end of each ingress instance
    for (int i = 0; i < 5; i++) {
      assertThat(progress.record(new IngressEnd(0, 0, 3))).isFalse();
      assertThat(progress.record(new IngressEnd(0, 2, 3))).isFalse();
    }
    assertThat(progress.record(new IngressEnd(0, 1, 3))).isTrue();
    for (int subtask = 0; subtask < 3; subtask++) {
      assertThat(progress.record(new IngressEnd(0, subtask, 3))).isFalse();
    }
  }

  @Test
  void completesWhenEveryInstanceOfEveryIngressEnded() {
    IngressProgress progress = new IngressProgress(3);
    assertThat(progress.record(new IngressEnd(1, 0, 1))).isFalse(); // ingress 1 complete
    assertThat(progress.record(new IngressEnd(0, 1, 2))).isFalse();
    assertThat(progress.record(new IngressEnd(2, 0, 4))).isFalse();
    assertThat(progress.record(new IngressEnd(0, 0, 2))).isFalse(); // ingress 0 complete
    assertThat(progress.record(new IngressEnd(2, 3, 4))).isFalse();
    assertThat(progress.record(new IngressEnd(1, 0, 1))).isFalse(); // duplicate
    assertThat(progress.record(new IngressEnd(2, 1, 4))).isFalse();
    assertThat(progress.record(new IngressEnd(2, 2, 4))).isTrue();
  }

  @Test
  void completesExactlyOnceInAnyOrderWithDuplicates() {
    int[] parallelism = {2, 1, 4, 3};
    List<IngressEnd> distinct = new ArrayList<>();
    for (int ingress = 0; ingress < parallelism.length; ingress++) {
      for (int subtask = 0; subtask < parallelism[ingress]; subtask++) {
        distinct.add(new IngressEnd(ingress, subtask, parallelism[ingress]));
      }
    }
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      List<IngressEnd> arrivals = new ArrayList<>();
      for (IngressEnd end : distinct) {
        for (int copies = 1 + random.nextInt(3); copies > 0; copies--) {
          arrivals.add(end);
        }
      }
      Collections.shuffle(arrivals, random);

      IngressProgress progress = new IngressProgress(parallelism.length);
      Set<IngressEnd> seen = new HashSet<>();
      int completions = 0;
      for (IngressEnd end : arrivals) {
        seen.add(end);
        boolean completed = progress.record(end);
        boolean lastNew = seen.size() == distinct.size() && completions == 0;
        assertThat(completed).as("round %d, %s after %s", round, end, seen).isEqualTo(lastNew);
        completions += completed ? 1 : 0;
      }
      assertThat(completions).isEqualTo(1);
    }
  }

  @Test
  void anUnknownIngressIsAnError() {
    IngressProgress progress = new IngressProgress(2);
    assertThatThrownBy(() -> progress.record(new IngressEnd(2, 0, 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("End of ingress #2 received, but the job has 2 ingresses");
    assertThatThrownBy(() -> progress.record(new IngressEnd(-1, 0, 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("End of ingress #-1 received, but the job has 2 ingresses");
  }
}
