package org.statefun.core.spill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillingQueueTest {

  @TempDir Path spillDir;

  /** Strings; the key group is the string's length modulo 128, so tests can check it. */
  static final class StringCodec implements SpillingQueue.Codec<String> {
    int serialized;

    @Override
    public int keyGroup(String element) {
      return element.length() % 128;
    }

    @Override
    public void serialize(String element, DataOutputView out) throws IOException {
      serialized++;
      out.writeUTF(element);
    }

    @Override
    public String deserialize(DataInputView in) throws IOException {
      return in.readUTF();
    }
  }

  private SpillingQueue<String> queue(StringCodec codec, int objects, long memoryBytes) {
    return new SpillingQueue<>(
        codec, objects, memoryBytes, new SpillFiles(new File[] {spillDir.toFile()}, "queue-"));
  }

  private long spillFilesOnDisk() throws IOException {
    try (Stream<Path> files = Files.list(spillDir)) {
      return files.count();
    }
  }

  private static String element(int i) {
    return "message-" + i + "-" + "x".repeat(i % 50);
  }

  @Test
  void aShortQueueNeverSerializes() throws Exception {
    StringCodec codec = new StringCodec();
    try (SpillingQueue<String> queue = queue(codec, 16, 1 << 20)) {
      for (int round = 0; round < 100; round++) {
        for (int i = 0; i < 16; i++) {
          queue.add(element(i));
        }
        for (int i = 0; i < 16; i++) {
          assertThat(queue.poll()).isEqualTo(element(i));
        }
      }
      assertThat(queue.poll()).isNull();
      assertThat(codec.serialized).isZero();
    }
  }

  @Test
  void keepsFifoOrderAcrossObjectsMemoryAndDiskWhileAddingAndPollingInterleaved() throws Exception {
    StringCodec codec = new StringCodec();
    Random random = new Random(7);
    try (SpillingQueue<String> queue = queue(codec, 10, 16 * 1024)) {
      int added = 0;
      int polled = 0;
      long maxDisk = 0;
      while (polled < 50_000) {
        int adds = added < 50_000 ? random.nextInt(40) : 0;
        for (int i = 0; i < adds && added < 50_000; i++) {
          queue.add(element(added++));
        }
        int polls = random.nextInt(30);
        for (int i = 0; i < polls && polled < added; i++) {
          assertThat(queue.poll()).isEqualTo(element(polled++));
        }
        assertThat(queue.size()).isEqualTo(added - polled);
        assertThat(queue.memoryBytes())
            .isLessThanOrEqualTo(16 * 1024 + 2 * SpillingQueue.MIN_CHUNK_BYTES + 128);
        maxDisk = Math.max(maxDisk, queue.diskBytes());
      }
      assertThat(queue.poll()).isNull();
      assertThat(queue.isEmpty()).isTrue();
      assertThat(maxDisk).as("the backlog went to disk").isGreaterThan(0);
      assertThat(queue.spilledBytes()).isGreaterThanOrEqualTo(maxDisk);
      assertThat(queue.diskBytes()).isZero();
    }
    assertThat(spillFilesOnDisk()).as("close deletes spill files").isZero();
  }

  @Test
  void memoryStaysWithinTheBudgetWhileALargeBacklogBuildsUp() throws Exception {
    StringCodec codec = new StringCodec();
    try (SpillingQueue<String> queue = queue(codec, 100, 64 * 1024)) {
      for (int i = 0; i < 200_000; i++) {
        queue.add(element(i));
      }
      assertThat(queue.memoryBytes()).isLessThanOrEqualTo(64 * 1024 + 2 * 8 * 1024);
      assertThat(queue.diskBytes()).isGreaterThan(5_000_000);
      assertThat(spillFilesOnDisk()).isEqualTo(1);
      for (int i = 0; i < 200_000; i++) {
        assertThat(queue.poll()).isEqualTo(element(i));
      }
      assertThat(queue.diskBytes()).isZero();
    }
  }

  @Test
  void forEachSerializedSeesEveryElementInOrderWithItsKeyGroupAndLeavesTheQueueAsItIs()
      throws Exception {
    StringCodec codec = new StringCodec();
    try (SpillingQueue<String> queue = queue(codec, 5, 8 * 1024)) {
      for (int i = 0; i < 3000; i++) {
        queue.add(element(i));
      }
      for (int i = 0; i < 1000; i++) {
        queue.poll(); // now reading from a chunk part-way through
      }
      List<String> seen = new ArrayList<>();
      queue.forEachSerialized(
          (keyGroup, bytes, offset, length) -> {
            String element = new DataInputDeserializer(bytes, offset, length).readUTF();
            assertThat(keyGroup).isEqualTo(element.length() % 128);
            seen.add(element);
          });
      List<String> expected = new ArrayList<>();
      for (int i = 1000; i < 3000; i++) {
        expected.add(element(i));
      }
      assertThat(seen).containsExactlyElementsOf(expected);
      for (String element : expected) {
        assertThat(queue.poll()).isEqualTo(element);
      }
      assertThat(queue.poll()).isNull();
    }
  }
}
