package org.statefun.io.kafka;

/** How Kafka record keys are read and written. */
public enum KeyFormat {
  /** Keys are UTF-8 text. */
  TEXT,
  /** Keys are ignored when read; none are written. */
  NONE
}
