package org.statefun.io.kafka;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;

/** How a Kafka ingress decodes record values into the value of each {@link KafkaIngressRecord}. */
public sealed interface IngressValueFormat extends Serializable {

  /** UTF-8 text as a String; bytes that are not valid UTF-8 make a bad record. */
  static IngressValueFormat text() {
    return new Text();
  }

  /** The raw bytes, as a byte[]. */
  static IngressValueFormat bytes() {
    return new Bytes();
  }

  /**
   * A JSON value bound to {@code type} (a record, a bean, or {@code Map} for plain maps) with
   * Jackson. JSON that does not bind, including unknown properties, makes a bad record.
   */
  static IngressValueFormat json(Class<?> type) {
    return new Json(type);
  }

  /** A JSON object as a tree of Maps, Lists, Strings, Numbers and Booleans. */
  static IngressValueFormat jsonTree() {
    return new Json(Map.class);
  }

  /**
   * What a Kafka {@link Deserializer} returns. The class needs a public no-arg constructor; it is
   * configured with the ingress's client properties. An exception or a null result makes a bad
   * record.
   */
  static IngressValueFormat deserializer(Class<? extends Deserializer<?>> type) {
    return new Custom(type);
  }

  /** The class of the decoded values, for checking {@code value.<field>} router ids. */
  Class<?> valueType();

  /** Values as UTF-8 text. */
  record Text() implements IngressValueFormat {
    @Override
    public Class<?> valueType() {
      return String.class;
    }
  }

  /** Values as bytes. */
  record Bytes() implements IngressValueFormat {
    @Override
    public Class<?> valueType() {
      return byte[].class;
    }
  }

  /**
   * Values as JSON.
   *
   * @param type the class JSON values bind to; {@code Map} for a tree
   */
  record Json(Class<?> type) implements IngressValueFormat {
    public Json {
      Objects.requireNonNull(type, "type");
    }

    @Override
    public Class<?> valueType() {
      return type;
    }
  }

  /**
   * Values decoded by a Kafka deserializer.
   *
   * @param deserializer the deserializer class
   */
  record Custom(Class<?> deserializer) implements IngressValueFormat {
    public Custom {
      if (!Deserializer.class.isAssignableFrom(deserializer)) {
        throw new IllegalArgumentException(
            deserializer.getName() + " does not implement " + Deserializer.class.getName());
      }
    }

    @Override
    public Class<?> valueType() {
      return Object.class;
    }
  }
}
