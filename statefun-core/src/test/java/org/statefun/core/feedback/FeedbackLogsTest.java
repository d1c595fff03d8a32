package org.statefun.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyedStateCheckpointOutputStream;
import org.apache.flink.runtime.state.memory.MemCheckpointStreamFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.message.Envelope;
import org.statefun.core.spill.SpillFiles;
import org.statefun.sdk.Address;
import org.statefun.sdk.FunctionType;

class FeedbackLogsTest {

  static final int MAX_PARALLELISM = 128;
  static final FunctionType TYPE = new FunctionType("log", "fn");

  @TempDir Path spillDir;

  /** A checkpoint stream that keeps its bytes readable after the log wrote into it. */
  static final class Checkpoint {
    final MemCheckpointStreamFactory.MemoryCheckpointOutputStream bytes =
        new MemCheckpointStreamFactory.MemoryCheckpointOutputStream(64 << 20);
    final KeyedStateCheckpointOutputStream stream;
    final KeyGroupRange range;

    Checkpoint(KeyGroupRange range) {
      this.range = range;
      this.stream = new KeyedStateCheckpointOutputStream(bytes, range);
    }

    /** Reads back every section in key-group order: key group → ids of its messages. */
    Map<Integer, List<String>> read() throws Exception {
      byte[] data = bytes.closeAndGetBytes();
      ByteArrayInputStream in = new ByteArrayInputStream(data);
      FeedbackLogReader reader = new FeedbackLogReader();
      Map<Integer, List<String>> sections = new TreeMap<>();
      for (int kg = range.getStartKeyGroup(); kg <= range.getEndKeyGroup(); kg++) {
        List<String> ids = new ArrayList<>();
        reader.read(kg, in, envelope -> ids.add(envelope.target().id() + "=" + envelope.payload()));
        sections.put(kg, ids);
      }
      assertThat(in.available()).as("nothing after the last section").isZero();
      return sections;
    }
  }

  private FeedbackLogs logs(KeyGroupRange range, long memoryBytes) {
    return new FeedbackLogs(
        range,
        MAX_PARALLELISM,
        memoryBytes,
        new SpillFiles(new File[] {spillDir.toFile()}, "test-"),
        () -> false);
  }

  @Test
  void anOpenLogsLeaseIsWatchedUntilTheHeadReleasesIt() throws Exception {
    KeyGroupRange range = new KeyGroupRange(0, MAX_PARALLELISM - 1);
    FeedbackLogs logs = logs(range, 1 << 20);
    int before = LeaseReleaser.watched();
    logs.startLogging(
        1,
        new KeyedStateCheckpointOutputStream(
            new MemCheckpointStreamFactory.MemoryCheckpointOutputStream(1 << 20), range));
    assertThat(LeaseReleaser.watched()).isEqualTo(before + 1);
    logs.commitUpTo(1);
    assertThat(LeaseReleaser.watched()).isEqualTo(before);
    logs.close();
  }

  private static Envelope message(String id, Object payload) {
    return new Envelope(new Address(TYPE, id), null, payload);
  }

  private static int keyGroup(String id) {
    return KeyGroupRangeAssignment.assignToKeyGroup(id, MAX_PARALLELISM);
  }

  /** Ids owned by {@code range}, in order. */
  private static List<String> idsIn(KeyGroupRange range, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; ids.size() < count; i++) {
      if (range.contains(keyGroup("id" + i))) {
        ids.add("id" + i);
      }
    }
    return ids;
  }

  @Test
  void writesOneSectionPerKeyGroupOfTheRangeIncludingEmptyOnes() throws Exception {
    KeyGroupRange range = new KeyGroupRange(32, 95);
    FeedbackLogs logs = logs(range, 1 << 20);
    Checkpoint checkpoint = new Checkpoint(range);
    logs.startLogging(7, checkpoint.stream);
    List<String> ids = idsIn(range, 40);
    Map<Integer, List<String>> expected = new TreeMap<>();
    for (int kg = 32; kg <= 95; kg++) {
      expected.put(kg, new ArrayList<>());
    }
    for (int i = 0; i < ids.size(); i++) {
      logs.append(message(ids.get(i), i));
      expected.get(keyGroup(ids.get(i))).add(ids.get(i) + "=" + i);
    }
    logs.commitUpTo(7);

    Map<Integer, List<String>> sections = checkpoint.read();
    assertThat(sections).isEqualTo(expected);
    assertThat(sections.values().stream().filter(List::isEmpty).count())
        .as("empty key groups")
        .isGreaterThan(0);
    assertThat(logs.isLogging()).isFalse();
  }

  @Test
  void spillsBeyondTheMemoryBudgetAndReadsBackEverythingInOrder() throws Exception {
    KeyGroupRange range = new KeyGroupRange(0, 127);
    long budget = 4096;
    FeedbackLogs logs = logs(range, budget);
    Checkpoint checkpoint = new Checkpoint(range);
    logs.startLogging(1, checkpoint.stream);
    Map<Integer, List<String>> expected = new TreeMap<>();
    for (int kg = 0; kg <= 127; kg++) {
      expected.put(kg, new ArrayList<>());
    }
    String padding = "x".repeat(100);
    for (int i = 0; i < 20_000; i++) {
      String id = "id" + (i % 500);
      String payload = i + padding;
      logs.append(message(id, payload));
      expected.get(keyGroup(id)).add(id + "=" + payload);
    }
    assertThat(spillFiles()).as("spilled to disk").hasSize(1);
    assertThat(Files.size(spillFiles().get(0))).isGreaterThan(1_500_000);

    logs.commitUpTo(1);
    assertThat(checkpoint.read()).isEqualTo(expected);
    assertThat(spillFiles()).as("spill file deleted after commit").isEmpty();
  }

  @Test
  void memoryStaysWithinTheBudgetWhileLogging() throws Exception {
    KeyGroupRange range = new KeyGroupRange(0, 127);
    LogBudget budget = new LogBudget(8192);
    CheckpointLog log =
        new CheckpointLog(range, budget, new SpillFiles(new File[] {spillDir.toFile()}, "budget-"));
    byte[] record = new byte[200];
    long maxUsed = 0;
    for (int i = 0; i < 50_000; i++) {
      log.append(i % 128, record, 0, record.length);
      maxUsed = Math.max(maxUsed, budget.used());
    }
    // Over the budget by at most the one buffer that just grew past it.
    assertThat(maxUsed).isLessThan(8192 + 8192);
    assertThat(log.spilledBytes()).isGreaterThan(50_000L * 200 - 16384);
    log.close();
    assertThat(budget.used()).isZero();
  }

  @Test
  void concurrentCheckpointsEachGetWhatArrivedWhileTheyWereOpen() throws Exception {
    KeyGroupRange range = new KeyGroupRange(0, 127);
    FeedbackLogs logs = logs(range, 1 << 20);
    Checkpoint first = new Checkpoint(range);
    Checkpoint second = new Checkpoint(range);

    logs.startLogging(1, first.stream);
    logs.append(message("a", "1"));
    logs.startLogging(2, second.stream);
    logs.append(message("b", "2"));
    logs.commitUpTo(1);
    logs.append(message("c", "3"));
    logs.commitUpTo(2);
    logs.append(message("d", "not logged: no checkpoint open"));

    assertThat(messagesOf(first.read())).containsExactlyInAnyOrder("a=1", "b=2");
    assertThat(messagesOf(second.read())).containsExactlyInAnyOrder("b=2", "c=3");
    assertThat(logs.loggedMessages()).isEqualTo(3);
  }

  @Test
  void aMarkerCommitsOlderOpenLogsToo() throws Exception {
    KeyGroupRange range = new KeyGroupRange(0, 63);
    FeedbackLogs logs = logs(range, 1 << 20);
    Checkpoint first = new Checkpoint(range);
    Checkpoint second = new Checkpoint(range);
    String id = idsIn(range, 1).get(0);
    logs.startLogging(3, first.stream);
    logs.startLogging(4, second.stream);
    logs.append(message(id, "m"));
    logs.commitUpTo(4);
    assertThat(logs.isLogging()).isFalse();
    assertThat(messagesOf(first.read())).containsExactly(id + "=m");
    assertThat(messagesOf(second.read())).containsExactly(id + "=m");
  }

  @Test
  void aLogsSpillFileNamesItsCheckpointAndTheNewestOpenCheckpointIsReported() throws Exception {
    KeyGroupRange range = new KeyGroupRange(0, 127);
    FeedbackLogs logs = logs(range, 1024);
    assertThat(logs.newestOpenCheckpoint()).isZero();
    logs.startLogging(11, new Checkpoint(range).stream);
    logs.startLogging(12, new Checkpoint(range).stream);
    assertThat(logs.newestOpenCheckpoint()).isEqualTo(12);
    for (int i = 0; i < 2000; i++) {
      logs.append(message("id" + i, "payload " + i));
    }
    assertThat(spillFiles())
        .map(f -> f.getFileName().toString().replaceAll("-\\d+\\.spill$", ""))
        .containsExactlyInAnyOrder("test-11", "test-12");

    logs.commitUpTo(11);
    assertThat(logs.newestOpenCheckpoint()).isEqualTo(12);
    assertThat(spillFiles()).singleElement().asString().contains("test-12-");
    logs.abort(12);
    assertThat(logs.newestOpenCheckpoint()).isZero();
    assertThat(spillFiles()).isEmpty();
  }

  @Test
  void abortingReleasesMemoryAndSpillFiles() throws Exception {
    KeyGroupRange range = new KeyGroupRange(0, 127);
    FeedbackLogs logs = logs(range, 1024);
    Checkpoint checkpoint = new Checkpoint(range);
    logs.startLogging(5, checkpoint.stream);
    for (int i = 0; i < 2000; i++) {
      logs.append(message("id" + i, "payload " + i));
    }
    assertThat(spillFiles()).hasSize(1);
    logs.abort(5);
    assertThat(logs.isLogging()).isFalse();
    assertThat(spillFiles()).isEmpty();
    logs.commitUpTo(5);
    assertThat(checkpoint.bytes.closeAndGetBytes())
        .as("nothing written for an aborted checkpoint")
        .isEmpty();
  }

  private static List<String> messagesOf(Map<Integer, List<String>> sections) {
    return sections.values().stream().flatMap(List::stream).toList();
  }

  private List<Path> spillFiles() throws IOException {
    try (Stream<Path> files = Files.list(spillDir)) {
      return files.toList();
    }
  }
}
