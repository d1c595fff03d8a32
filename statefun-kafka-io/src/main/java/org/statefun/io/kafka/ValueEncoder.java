package org.statefun.io.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/** Encodes message values as an {@link EgressValueFormat} says; one per writer task. */
abstract class ValueEncoder implements AutoCloseable {

  /**
   * The bytes of {@code value} (not null).
   *
   * @throws IllegalArgumentException when the value cannot be written in this format
   */
  abstract byte[] encode(String topic, Headers headers, Object value);

  @Override
  public void close() {}

  /** An encoder for {@code format}; a custom serializer is configured with {@code properties}. */
  static ValueEncoder open(
      EgressValueFormat format, Map<String, String> properties, String egress) {
    if (format instanceof EgressValueFormat.Text) {
      return new ValueEncoder() {
        @Override
        byte[] encode(String topic, Headers headers, Object value) {
          return value.toString().getBytes(StandardCharsets.UTF_8);
        }
      };
    }
    if (format instanceof EgressValueFormat.Bytes) {
      return new ValueEncoder() {
        @Override
        byte[] encode(String topic, Headers headers, Object value) {
          if (value instanceof byte[] bytes) {
            return bytes;
          }
          throw new IllegalArgumentException(
              "Egress "
                  + egress
                  + " writes values as bytes, but a message value is a "
                  + value.getClass().getName()
                  + "; send byte[] or choose another value format");
        }
      };
    }
    if (format instanceof EgressValueFormat.Json) {
      ObjectMapper json = new ObjectMapper();
      return new ValueEncoder() {
        @Override
        byte[] encode(String topic, Headers headers, Object value) {
          try {
            return json.writeValueAsBytes(value);
          } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                "Egress "
                    + egress
                    + " cannot write a "
                    + value.getClass().getName()
                    + " as JSON: "
                    + e.getOriginalMessage(),
                e);
          }
        }
      };
    }
    return new CustomEncoder(((EgressValueFormat.Custom) format).serializer(), properties);
  }

  private static final class CustomEncoder extends ValueEncoder {
    private final Serializer<Object> serializer;

    @SuppressWarnings("unchecked")
    CustomEncoder(Class<?> type, Map<String, String> properties) {
      this.serializer = SerdeInstances.create(type, Serializer.class);
      serializer.configure(properties, false);
    }

    @Override
    byte[] encode(String topic, Headers headers, Object value) {
      return serializer.serialize(topic, headers, value);
    }

    @Override
    public void close() {
      serializer.close();
    }
  }
}
