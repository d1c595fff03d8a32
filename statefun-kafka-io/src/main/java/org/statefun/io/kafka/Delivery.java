package org.statefun.io.kafka;

import org.apache.flink.connector.base.DeliveryGuarantee;

/** What a Kafka egress guarantees about its records across failures. */
public enum Delivery {
  /**
   * Every message appears exactly once to {@code read_committed} consumers: records are written in
   * Kafka transactions committed when the checkpoint that covers them completes. Needs checkpoints.
   */
  EXACTLY_ONCE(DeliveryGuarantee.EXACTLY_ONCE),
  /** Every message appears at least once: pending records are flushed at each checkpoint. */
  AT_LEAST_ONCE(DeliveryGuarantee.AT_LEAST_ONCE),
  /** Records are handed to the producer without waiting for acknowledgements; may be lost. */
  NONE(DeliveryGuarantee.NONE);

  private final DeliveryGuarantee guarantee;

  Delivery(DeliveryGuarantee guarantee) {
    this.guarantee = guarantee;
  }

  DeliveryGuarantee guarantee() {
    return guarantee;
  }
}
