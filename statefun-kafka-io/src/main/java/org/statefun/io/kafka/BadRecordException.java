package org.statefun.io.kafka;

/** A record's key or value cannot be decoded; the message says why, without the location. */
final class BadRecordException extends Exception {
  private static final long serialVersionUID = 1L;

  BadRecordException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
