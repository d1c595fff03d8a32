package org.statefun.core.feedback;

import java.io.IOException;
import java.io.InputStream;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.util.function.ThrowingConsumer;
import org.statefun.core.message.Envelope;
import org.statefun.core.message.EnvelopeSerializer;

/** Reads back one key group's section of a checkpoint log, as written by {@link CheckpointLog}. */
final class FeedbackLogReader {

  private final EnvelopeSerializer serializer = new EnvelopeSerializer();

  /**
   * Reads the section of {@code keyGroup} and hands each message to {@code consumer}; returns the
   * count.
   */
  int read(int keyGroup, InputStream in, ThrowingConsumer<Envelope, Exception> consumer)
      throws Exception {
    DataInputViewStreamWrapper view = new DataInputViewStreamWrapper(in);
    int magic = view.readInt();
    if (magic != CheckpointLog.MAGIC) {
      throw new IOException(
          "The raw keyed state of key group "
              + keyGroup
              + " is not a statefun feedback log (magic "
              + Integer.toHexString(magic)
              + "); was the savepoint taken by another job?");
    }
    int version = view.readInt();
    if (version != CheckpointLog.VERSION) {
      throw new IOException(
          "Feedback log of key group "
              + keyGroup
              + " has format version "
              + version
              + ", this runtime reads "
              + CheckpointLog.VERSION);
    }
    int count = view.readInt();
    for (int i = 0; i < count; i++) {
      consumer.accept(serializer.deserialize(view));
    }
    return count;
  }
}
