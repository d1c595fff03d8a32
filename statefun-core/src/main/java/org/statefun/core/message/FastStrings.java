package org.statefun.core.message;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Reads and writes Strings in exactly {@link StringValue}'s format (a varint of length + 1, then
 * each char as a varint; 0 for null), faster for the common case of ASCII text such as address ids:
 * the chars move as one block of bytes instead of one virtual call each. Data written by either
 * side reads back with the other, so state and logs written before stay readable.
 *
 * <p>Not thread-safe: each instance keeps a scratch buffer, and belongs to one serializer.
 */
final class FastStrings {

  private static final int HIGH_BIT = 0x80;
  private static final int MAX_KEPT_SCRATCH = 64 * 1024;

  private byte[] scratch = new byte[64];

  void write(String value, DataOutputView out) throws IOException {
    if (value == null) {
      out.writeByte(0);
      return;
    }
    int length = value.length();
    byte[] bytes = scratch(length + 5);
    int position = writeVarInt(length + 1, bytes, 0);
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c >= HIGH_BIT) {
        // Not ASCII: the rare case, in the original encoder.
        StringValue.writeString(value, out);
        return;
      }
      bytes[position++] = (byte) c;
    }
    out.write(bytes, 0, position);
  }

  String read(DataInputView in) throws IOException {
    int length = in.readUnsignedByte();
    if (length == 0) {
      return null;
    }
    if (length >= HIGH_BIT) {
      int shift = 7;
      int current;
      length &= 0x7f;
      while ((current = in.readUnsignedByte()) >= HIGH_BIT) {
        length |= (current & 0x7f) << shift;
        shift += 7;
      }
      length |= current << shift;
    }
    length -= 1;
    // Every char takes at least one byte, so reading `length` bytes never reads past the string.
    byte[] bytes = scratch(length);
    in.readFully(bytes, 0, length);
    for (int i = 0; i < length; i++) {
      if (bytes[i] < 0) {
        return decodeFrom(bytes, i, length, in);
      }
    }
    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
  }

  /**
   * Decodes a string with non-ASCII chars: {@code bytes[0..ascii)} are ASCII chars, the rest of the
   * {@code length} bytes read so far start the varint-encoded chars, and more may follow in {@code
   * in}.
   */
  private static String decodeFrom(byte[] bytes, int ascii, int length, DataInputView in)
      throws IOException {
    char[] chars = new char[length];
    for (int i = 0; i < ascii; i++) {
      chars[i] = (char) bytes[i];
    }
    int position = ascii;
    for (int i = ascii; i < length; i++) {
      int c = position < length ? bytes[position++] & 0xff : in.readUnsignedByte();
      if (c >= HIGH_BIT) {
        int shift = 7;
        int current;
        c &= 0x7f;
        while ((current = position < length ? bytes[position++] & 0xff : in.readUnsignedByte())
            >= HIGH_BIT) {
          c |= (current & 0x7f) << shift;
          shift += 7;
        }
        c |= current << shift;
      }
      chars[i] = (char) c;
    }
    return new String(chars);
  }

  private byte[] scratch(int size) {
    if (scratch.length >= size) {
      return scratch;
    }
    if (size > MAX_KEPT_SCRATCH) {
      // A huge string: its buffer is not kept alive after it.
      return new byte[size];
    }
    scratch = new byte[Math.max(size, 2 * scratch.length)];
    return scratch;
  }

  private static int writeVarInt(int value, byte[] bytes, int position) {
    while (value >= HIGH_BIT) {
      bytes[position++] = (byte) (value | HIGH_BIT);
      value >>>= 7;
    }
    bytes[position++] = (byte) value;
    return position;
  }
}
