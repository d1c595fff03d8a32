package org.statefun.io.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** How messages name a record's place: topic, partition and offset. */
final class Locations {
  private Locations() {}

  static String of(ConsumerRecord<?, ?> record) {
    return "topic '"
        + record.topic()
        + "', partition "
        + record.partition()
        + ", offset "
        + record.offset();
  }
}
