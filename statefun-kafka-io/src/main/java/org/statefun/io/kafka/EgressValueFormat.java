package org.statefun.io.kafka;

import java.io.Serializable;
import org.apache.kafka.common.serialization.Serializer;

/** How a Kafka egress encodes message values (or the value of a {@link KafkaEgressRecord}). */
public sealed interface EgressValueFormat extends Serializable {

  /** The value's {@code toString()} as UTF-8. */
  static EgressValueFormat text() {
    return new Text();
  }

  /** The value as is; it must be a byte[]. */
  static EgressValueFormat bytes() {
    return new Bytes();
  }

  /** The value as JSON, written by Jackson (records, beans, maps, lists, strings, numbers). */
  static EgressValueFormat json() {
    return new Json();
  }

  /**
   * What a Kafka {@link Serializer} writes. The class needs a public no-arg constructor; it is
   * configured with the egress's client properties.
   */
  static EgressValueFormat serializer(Class<? extends Serializer<?>> type) {
    return new Custom(type);
  }

  /** Values as UTF-8 text. */
  record Text() implements EgressValueFormat {}

  /** Values as bytes. */
  record Bytes() implements EgressValueFormat {}

  /** Values as JSON. */
  record Json() implements EgressValueFormat {}

  /**
   * Values encoded by a Kafka serializer.
   *
   * @param serializer the serializer class
   */
  record Custom(Class<?> serializer) implements EgressValueFormat {
    public Custom {
      if (!Serializer.class.isAssignableFrom(serializer)) {
        throw new IllegalArgumentException(
            serializer.getName() + " does not implement " + Serializer.class.getName());
      }
    }
  }
}
