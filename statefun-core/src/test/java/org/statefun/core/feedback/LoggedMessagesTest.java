package org.statefun.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedStateCheckpointOutputStream;
import org.apache.flink.runtime.state.memory.MemCheckpointStreamFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.message.Envelope;
import org.statefun.core.spill.SpillFiles;
import org.statefun.sdk.Address;
import org.statefun.sdk.FunctionType;

/** Counting a snapshot's logged loop messages from the head's raw keyed state, as a tool would. */
class LoggedMessagesTest {

  @TempDir Path spillDir;

  @Test
  void countsEveryMessageOfEverySectionOfTheHandle() throws Exception {
    KeyGroupRange range = new KeyGroupRange(0, 127);
    FeedbackLogs logs =
        new FeedbackLogs(
            range,
            128,
            1 << 20,
            new SpillFiles(new File[] {spillDir.toFile()}, "count-"),
            () -> false);
    KeyedStateCheckpointOutputStream stream =
        new KeyedStateCheckpointOutputStream(
            new MemCheckpointStreamFactory.MemoryCheckpointOutputStream(1 << 20), range);
    logs.startLogging(1, stream);
    for (String id : new String[] {"a", "b", "a", "c", "d"}) {
      logs.append(new Envelope(new Address(new FunctionType("log", "fn"), id), null, "m"));
    }
    logs.commitUpTo(1);

    // What the checkpoint stores: Flink closes the stream into a handle with the sections' offsets
    // (package-private in Flink, so reached by reflection here).
    Method close = KeyedStateCheckpointOutputStream.class.getDeclaredMethod("closeAndGetHandle");
    close.setAccessible(true);
    KeyGroupsStateHandle handle = (KeyGroupsStateHandle) close.invoke(stream);
    long count = 0;
    try (FSDataInputStream in = handle.openInputStream()) {
      for (Tuple2<Integer, Long> group : handle.getGroupRangeOffsets()) {
        in.seek(group.f1);
        count += LoggedMessages.count(in);
      }
    }
    assertThat(count).isEqualTo(5);
  }

  @Test
  void refusesWhatIsNoFeedbackLog() {
    assertThatThrownBy(() -> LoggedMessages.count(new ByteArrayInputStream(new byte[12])))
        .isInstanceOf(IOException.class)
        .hasMessage("not a statefun feedback log of format version 1");
  }
}
