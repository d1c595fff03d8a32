package org.statefun.core.state;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The length prefix in front of every variable-length state value. It lets a restore step over a
 * value whose class can no longer be read, so the restore itself never fails on user classes and
 * the evolution check can report the change by name when the state is registered.
 */
final class Frames {
  private Frames() {}

  /** Writes {@code length} as an unsigned varint: one byte below 128. */
  static void writeLength(DataOutputView out, int length) throws IOException {
    int remaining = length;
    while ((remaining & ~0x7F) != 0) {
      out.writeByte((remaining & 0x7F) | 0x80);
      remaining >>>= 7;
    }
    out.writeByte(remaining);
  }

  static int readLength(DataInputView in) throws IOException {
    int length = 0;
    int shift = 0;
    byte b;
    do {
      if (shift > 28) {
        throw new IOException("Malformed state value frame: length longer than 5 bytes");
      }
      b = in.readByte();
      length |= (b & 0x7F) << shift;
      shift += 7;
    } while (b < 0);
    return length;
  }
}
