package org.statefun.core.feedback;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the messages a checkpoint logged in flight on the feedback loop, for tools that read a
 * savepoint (bin/statefun state inspect): HEAD's raw keyed state holds one section per key group,
 * as {@link CheckpointLog} writes it.
 */
public final class LoggedMessages {
  private LoggedMessages() {}

  /**
   * The number of messages in the section at the stream's position.
   *
   * @throws IOException when the section is not a feedback log of this format
   */
  public static int count(InputStream section) throws IOException {
    DataInputStream in = new DataInputStream(section);
    int magic = in.readInt();
    int version = in.readInt();
    if (magic != CheckpointLog.MAGIC || version != CheckpointLog.VERSION) {
      throw new IOException(
          "not a statefun feedback log of format version " + CheckpointLog.VERSION);
    }
    return in.readInt();
  }
}
