package org.statefun.core.translation;

import org.apache.flink.api.java.functions.KeySelector;
import org.statefun.core.message.Envelope;

/** Partitions envelopes by target id, so all function types sharing an id live together. */
final class EnvelopeKey implements KeySelector<Envelope, String> {
  private static final long serialVersionUID = 1L;

  @Override
  public String getKey(Envelope envelope) {
    return envelope.key();
  }
}
