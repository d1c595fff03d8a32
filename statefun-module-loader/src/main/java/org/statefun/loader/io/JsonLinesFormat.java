package org.statefun.loader.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads UTF-8 files with one JSON value per line into instances of a Java type. Blank lines are
 * skipped; a line that does not bind to the type fails the read with its line number. Unknown JSON
 * properties fail too, so typos in data surface instead of turning into nulls.
 *
 * @param <T> the record type
 */
public final class JsonLinesFormat<T> extends SimpleStreamFormat<T> {

  private static final long serialVersionUID = 1L;

  private final Class<T> type;

  public JsonLinesFormat(Class<T> type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  @Override
  public StreamFormat.Reader<T> createReader(Configuration config, FSDataInputStream stream) {
    ObjectReader json =
        new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .readerFor(type);
    return new LineReader<>(
        new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8)), json, type);
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return TypeInformation.of(type);
  }

  private static final class LineReader<T> implements StreamFormat.Reader<T> {
    private final BufferedReader lines;
    private final ObjectReader json;
    private final Class<T> type;
    private long lineNumber;

    LineReader(BufferedReader lines, ObjectReader json, Class<T> type) {
      this.lines = lines;
      this.json = json;
      this.type = type;
    }

    @Override
    public T read() throws IOException {
      String line;
      while ((line = lines.readLine()) != null) {
        lineNumber++;
        if (!line.isBlank()) {
          try {
            return json.readValue(line);
          } catch (JsonProcessingException e) {
            throw new IOException(
                "JSON line "
                    + lineNumber
                    + " does not bind to "
                    + type.getName()
                    + ": "
                    + e.getOriginalMessage(),
                e);
          }
        }
      }
      return null;
    }

    @Override
    public void close() throws IOException {
      lines.close();
    }
  }
}
