package org.statefun.core.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.TaskInfoImpl;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyOwnershipTest {

  private static final List<String> IDS = ids();

  private static List<String> ids() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      ids.add("id-" + i);
    }
    Random random = new Random(42);
    for (int i = 0; i < 1_000; i++) {
      StringBuilder sb = new StringBuilder();
      int length = random.nextInt(12);
      for (int c = 0; c < length; c++) {
        sb.append(
            (char) (random.nextBoolean() ? 'a' + random.nextInt(26) : 0x3b1 + random.nextInt(24)));
      }
      ids.add(sb.toString());
    }
    ids.add("");
    ids.add("名前");
    return ids;
  }

  @ParameterizedTest(name = "parallelism {0}, max parallelism {1}")
  @CsvSource({
    "1, 128", "2, 128", "3, 128", "4, 128", "7, 128",
    "1, 100", "2, 100", "3, 100", "4, 100", "7, 100",
    "100, 100", "5, 7"
  })
  void everyIdIsOwnedByExactlyTheSubtaskFlinkRoutesItTo(int parallelism, int maxParallelism) {
    KeyOwnership[] subtasks = new KeyOwnership[parallelism];
    for (int i = 0; i < parallelism; i++) {
      subtasks[i] =
          KeyOwnership.of(new TaskInfoImpl("dispatch", maxParallelism, i, parallelism, 0));
    }
    int[] owned = new int[parallelism];
    for (String id : IDS) {
      int flinkOwner =
          KeyGroupRangeAssignment.assignKeyToParallelOperator(id, maxParallelism, parallelism);
      List<Integer> owners = new ArrayList<>();
      for (int i = 0; i < parallelism; i++) {
        if (subtasks[i].isLocal(id)) {
          owners.add(i);
        }
      }
      assertThat(owners).as("owners of '%s'", id).containsExactly(flinkOwner);
      owned[flinkOwner]++;
    }
    if (parallelism <= 7) {
      // with this many ids every subtask owns some, so the check above covered every subtask
      assertThat(owned).doesNotContain(0);
    }
  }
}
