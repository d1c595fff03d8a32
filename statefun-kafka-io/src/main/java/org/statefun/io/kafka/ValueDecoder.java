package org.statefun.io.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/** Decodes record keys and values as an {@link IngressValueFormat} says; one per reader task. */
abstract class ValueDecoder implements AutoCloseable {

  /** The value of a record; never null. */
  abstract Object decode(String topic, Headers headers, byte[] bytes) throws BadRecordException;

  @Override
  public void close() {}

  /** A decoder for {@code format}; a custom deserializer is configured with {@code properties}. */
  static ValueDecoder open(IngressValueFormat format, Map<String, String> properties) {
    if (format instanceof IngressValueFormat.Text) {
      return new ValueDecoder() {
        @Override
        Object decode(String topic, Headers headers, byte[] bytes) throws BadRecordException {
          return utf8(present(bytes), "value");
        }
      };
    }
    if (format instanceof IngressValueFormat.Bytes) {
      return new ValueDecoder() {
        @Override
        Object decode(String topic, Headers headers, byte[] bytes) throws BadRecordException {
          return present(bytes);
        }
      };
    }
    if (format instanceof IngressValueFormat.Json json) {
      return new JsonDecoder(json.type());
    }
    return new CustomDecoder(((IngressValueFormat.Custom) format).deserializer(), properties);
  }

  /** Strict UTF-8: malformed bytes are a bad record rather than replacement characters. */
  static String utf8(byte[] bytes, String what) throws BadRecordException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BadRecordException("the " + what + " is not valid UTF-8 text", e);
    }
  }

  private static byte[] present(byte[] bytes) throws BadRecordException {
    if (bytes == null) {
      throw new BadRecordException("the record has no value (a tombstone)", null);
    }
    return bytes;
  }

  private static final class JsonDecoder extends ValueDecoder {
    private final Class<?> type;
    private final ObjectReader reader;

    JsonDecoder(Class<?> type) {
      this.type = type;
      this.reader =
          new ObjectMapper()
              .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .readerFor(type);
    }

    @Override
    Object decode(String topic, Headers headers, byte[] bytes) throws BadRecordException {
      Object value;
      try {
        value = reader.readValue(present(bytes));
      } catch (JsonProcessingException e) {
        throw new BadRecordException(
            "the value is not JSON that binds to " + type.getName() + ": " + e.getOriginalMessage(),
            e);
      } catch (IOException e) {
        throw new BadRecordException("the value cannot be read as JSON: " + e.getMessage(), e);
      }
      if (value == null) {
        throw new BadRecordException("the value is JSON null", null);
      }
      return value;
    }
  }

  private static final class CustomDecoder extends ValueDecoder {
    private final Deserializer<?> deserializer;

    CustomDecoder(Class<?> type, Map<String, String> properties) {
      this.deserializer = SerdeInstances.create(type, Deserializer.class);
      deserializer.configure(properties, false);
    }

    @Override
    Object decode(String topic, Headers headers, byte[] bytes) throws BadRecordException {
      Object value;
      try {
        value = deserializer.deserialize(topic, headers, bytes);
      } catch (RuntimeException e) {
        throw new BadRecordException(deserializer.getClass().getName() + " failed: " + e, e);
      }
      if (value == null) {
        throw new BadRecordException(deserializer.getClass().getName() + " returned null", null);
      }
      return value;
    }

    @Override
    public void close() {
      deserializer.close();
    }
  }
}
