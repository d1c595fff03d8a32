package org.statefun.io.kafka;

/** How Kafka record keys are read and written. */
public enum KeyFormat {
  /** Keys are UTF-8 text. */
  TEXT,
  /** Keys are ignored when read; none are written. */
  NONE,
  /**
   * Keys are UTF-8 text and every record read must have one: a record without a key is a bad
   * record. StateFun's Kafka ingress ({@code io.statefun.kafka.v1/ingress}) reads keys this way,
   * since a record's key is the id of the functions it goes to.
   */
  REQUIRED_TEXT
}
