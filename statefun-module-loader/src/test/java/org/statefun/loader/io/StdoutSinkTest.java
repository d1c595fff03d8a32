package org.statefun.loader.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.junit.jupiter.api.Test;

class StdoutSinkTest {

  @Test
  void printsPrefixAndMessagePerLine() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (SinkWriter<Object> writer = new StdoutSink<>("> ").createWriter(null)) {
      writer.write("hello", null);
      writer.write(42, null);
      writer.flush(true);
    } finally {
      System.setOut(original);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .isEqualTo("> hello" + System.lineSeparator() + "> 42" + System.lineSeparator());
  }
}
