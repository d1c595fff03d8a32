package org.statefun.loader.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesFormatTest {

  /** A JSON-lines record. */
  public record Item(String name, int count) {}

  private static <T> List<T> readAll(JsonLinesFormat<T> format, Path file) throws IOException {
    org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(file.toUri());
    List<T> records = new ArrayList<>();
    try (StreamFormat.Reader<T> reader =
        format.createReader(new Configuration(), FileSystem.getLocalFileSystem().open(path))) {
      T record;
      while ((record = reader.read()) != null) {
        records.add(record);
      }
    }
    return records;
  }

  @Test
  void bindsEachNonBlankLineToTheType(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("items.jsonl"),
            "{\"name\":\"a\",\"count\":1}\n\n  \n{\"name\":\"b\",\"count\":2}\n");
    assertThat(readAll(new JsonLinesFormat<>(Item.class), file))
        .containsExactly(new Item("a", 1), new Item("b", 2));
  }

  @Test
  @SuppressWarnings({"rawtypes", "unchecked"})
  void readsMapsWithoutAType(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("items.jsonl"), "{\"name\":\"a\",\"tags\":[1,2]}\n");
    List<Map> maps = readAll(new JsonLinesFormat<>(Map.class), file);
    assertThat(maps).containsExactly(Map.of("name", "a", "tags", List.of(1, 2)));
  }

  @Test
  void failsWithTheLineNumberOnBadLines(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("items.jsonl"),
            "{\"name\":\"a\",\"count\":1}\n{\"name\":\"b\",\"cuont\":2}\n");
    assertThatThrownBy(() -> readAll(new JsonLinesFormat<>(Item.class), file))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(
            "JSON line 2 does not bind to "
                + Item.class.getName()
                + ": Unrecognized field \"cuont\"");
  }

  @Test
  void producesTheTypesTypeInformation() {
    assertThat(new JsonLinesFormat<>(Item.class).getProducedType().getTypeClass())
        .isEqualTo(Item.class);
  }
}
