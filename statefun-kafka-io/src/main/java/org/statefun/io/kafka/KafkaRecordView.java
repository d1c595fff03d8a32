package org.statefun.io.kafka;

import org.statefun.loader.spi.RecordView;

/**
 * How module.yaml routers see Kafka records: the decoded value, and the key unless keys are off.
 */
final class KafkaRecordView implements RecordView<KafkaIngressRecord> {

  private static final long serialVersionUID = 1L;

  private final boolean hasKeys;

  KafkaRecordView(boolean hasKeys) {
    this.hasKeys = hasKeys;
  }

  @Override
  public Object value(KafkaIngressRecord record) {
    return record.value();
  }

  @Override
  public boolean hasKeys() {
    return hasKeys;
  }

  @Override
  public String key(KafkaIngressRecord record) {
    if (!hasKeys) {
      throw new UnsupportedOperationException("this Kafka ingress reads no keys (key format none)");
    }
    return record.key();
  }
}
