package org.statefun.io.kafka;

import java.io.IOException;
import java.util.Properties;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes Kafka records into {@link KafkaIngressRecord}s and applies the ingress's {@link
 * BadRecordPolicy} to records that do not decode.
 */
final class IngressRecordDeserializer
    implements KafkaRecordDeserializationSchema<KafkaIngressRecord> {

  private static final long serialVersionUID = 1L;

  /** Counter of records left out by {@code on-error: skip}. */
  static final String SKIPPED_METRIC = "statefunKafkaSkippedRecords";

  /** Counter of records written to the dead-letter topic. */
  static final String DEAD_LETTERED_METRIC = "statefunKafkaDeadLetteredRecords";

  private final KafkaIngressSpec spec;

  private transient ValueDecoder values;
  private transient DeadLetters deadLetters;
  private transient Counter skipped;
  private transient Counter deadLettered;

  IngressRecordDeserializer(KafkaIngressSpec spec) {
    this.spec = spec;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    values = ValueDecoder.open(spec.valueFormat(), spec.properties().values());
    skipped = context.getMetricGroup().counter(SKIPPED_METRIC);
    deadLettered = context.getMetricGroup().counter(DEAD_LETTERED_METRIC);
    if (spec.onBadRecord() instanceof BadRecordPolicy.DeadLetter letter) {
      Properties config = spec.properties().withBootstrapServers(spec.bootstrapServers());
      deadLetters =
          new DeadLetters(spec.id().toString(), letter.topic(), config, spec.connectTimeout());
    }
    // The schema has no close(): release the decoder and producer with the job's class loader.
    ValueDecoder decoder = values;
    DeadLetters letters = deadLetters;
    context
        .getUserCodeClassLoader()
        .registerReleaseHookIfAbsent(
            "statefun-kafka-ingress-" + System.identityHashCode(this),
            () -> {
              decoder.close();
              if (letters != null) {
                letters.close();
              }
            });
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KafkaIngressRecord> out)
      throws IOException {
    KafkaIngressRecord decoded;
    try {
      decoded =
          new KafkaIngressRecord(
              record.topic(),
              record.partition(),
              record.offset(),
              record.timestamp(),
              key(record),
              values.decode(record.topic(), record.headers(), record.value()));
    } catch (BadRecordException e) {
      onBadRecord(record, e);
      return;
    }
    out.collect(decoded);
  }

  private String key(ConsumerRecord<byte[], byte[]> record) throws BadRecordException {
    if (spec.keyFormat() == KeyFormat.NONE) {
      return null;
    }
    if (record.key() == null) {
      if (spec.keyFormat() == KeyFormat.REQUIRED_TEXT) {
        throw new BadRecordException(
            "the record has no key, and this ingress sends each record to the function id its key"
                + " holds",
            null);
      }
      return null;
    }
    return ValueDecoder.utf8(record.key(), "key");
  }

  private void onBadRecord(ConsumerRecord<byte[], byte[]> record, BadRecordException e)
      throws IOException {
    BadRecordPolicy policy = spec.onBadRecord();
    if (policy instanceof BadRecordPolicy.Skip) {
      skipped.inc();
    } else if (policy instanceof BadRecordPolicy.DeadLetter) {
      deadLetters.send(record, e.getMessage());
      deadLettered.inc();
    } else {
      String advice = ((BadRecordPolicy.Fail) policy).advice();
      throw new IOException(
          "Ingress "
              + spec.id()
              + " cannot read the record at "
              + Locations.of(record)
              + ": "
              + e.getMessage()
              + (advice == null ? "" : ". " + advice),
          e);
    }
  }

  @Override
  public TypeInformation<KafkaIngressRecord> getProducedType() {
    return TypeInformation.of(KafkaIngressRecord.class);
  }
}
