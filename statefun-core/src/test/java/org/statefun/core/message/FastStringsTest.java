package org.statefun.core.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.StringValue;
import org.junit.jupiter.api.Test;

class FastStringsTest {

  private static List<String> samples() {
    List<String> samples = new ArrayList<>();
    samples.add(null);
    samples.add("");
    samples.add("a");
    samples.add("user-42");
    samples.add("x".repeat(127));
    samples.add("y".repeat(128));
    samples.add("z".repeat(70_000));
    samples.add("café");
    samples.add("é");
    samples.add("abc\u0080def");
    samples.add("日本語のID");
    samples.add("emoji \uD83D\uDE00 pair");
    samples.add("ascii then " + "ü".repeat(300));
    Random random = new Random(11);
    for (int i = 0; i < 500; i++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(200);
      for (int j = 0; j < length; j++) {
        s.append(
            (char)
                switch (random.nextInt(4)) {
                  case 0 -> random.nextInt(0x80);
                  case 1 -> 0x80 + random.nextInt(0x780);
                  case 2 -> random.nextInt(0x10000);
                  default -> 'a' + random.nextInt(26);
                });
      }
      samples.add(s.toString());
    }
    return samples;
  }

  @Test
  void writesExactlyWhatStringValueWritesAndReadsItBack() throws IOException {
    FastStrings strings = new FastStrings();
    for (String sample : samples()) {
      DataOutputSerializer fast = new DataOutputSerializer(16);
      strings.write(sample, fast);
      DataOutputSerializer flink = new DataOutputSerializer(16);
      StringValue.writeString(sample, flink);
      assertEquals(
          java.util.HexFormat.of().formatHex(flink.getCopyOfBuffer()),
          java.util.HexFormat.of().formatHex(fast.getCopyOfBuffer()),
          "encoding of " + describe(sample));

      DataInputDeserializer in = new DataInputDeserializer(flink.getCopyOfBuffer());
      assertEquals(sample, strings.read(in), "decoding of " + describe(sample));
      assertEquals(0, in.available(), "bytes left after " + describe(sample));
    }
  }

  @Test
  void readsStringsFollowedByMoreDataWithoutReadingPastThem() throws IOException {
    FastStrings strings = new FastStrings();
    DataOutputSerializer out = new DataOutputSerializer(16);
    List<String> samples = samples();
    for (String sample : samples) {
      StringValue.writeString(sample, out);
      out.writeInt(0x5EED);
    }
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    for (String sample : samples) {
      assertEquals(sample, strings.read(in), "decoding of " + describe(sample));
      assertEquals(0x5EED, in.readInt(), "the int after " + describe(sample));
    }
  }

  private static String describe(String sample) {
    return sample == null ? "null" : "a string of " + sample.length() + " chars";
  }
}
