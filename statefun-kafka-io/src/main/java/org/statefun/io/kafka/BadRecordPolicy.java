package org.statefun.io.kafka;

import java.io.Serializable;

/**
 * What a Kafka ingress does with a record whose key or value its formats cannot decode. Skipped and
 * dead-lettered records are counted in the metrics {@code statefunKafkaSkippedRecords} and {@code
 * statefunKafkaDeadLetteredRecords} of the ingress.
 */
public sealed interface BadRecordPolicy extends Serializable {

  /**
   * Fail the job with an error naming the topic, partition and offset of the record, and how to
   * pass over bad records ({@code on-error}).
   */
  static BadRecordPolicy fail() {
    return new Fail("To pass over bad records, set its on-error to skip or dead-letter");
  }

  /**
   * Fail the job with an error naming the topic, partition and offset of the record, followed by
   * {@code advice} (none when null), for ingresses that offer no other policy.
   */
  static BadRecordPolicy fail(String advice) {
    return new Fail(advice);
  }

  /** Leave the record out and count it. */
  static BadRecordPolicy skip() {
    return new Skip();
  }

  /**
   * Write the raw record (key, value and headers as read) with the error to {@code topic}, and
   * count it. Dead letters are written at least once: a record read again after a restore from an
   * earlier checkpoint is dead-lettered again.
   */
  static BadRecordPolicy deadLetter(String topic) {
    return new DeadLetter(topic);
  }

  /**
   * Fails the job.
   *
   * @param advice the sentence that ends the error, or null for none
   */
  record Fail(String advice) implements BadRecordPolicy {
    @Override
    public String toString() {
      return "fail";
    }
  }

  /** Skips bad records. */
  record Skip() implements BadRecordPolicy {
    @Override
    public String toString() {
      return "skip";
    }
  }

  /**
   * Writes bad records to a topic.
   *
   * @param topic the dead-letter topic; must exist when the job starts
   */
  record DeadLetter(String topic) implements BadRecordPolicy {
    public DeadLetter {
      if (topic == null || topic.isBlank()) {
        throw new IllegalArgumentException("A dead-letter policy needs a topic");
      }
    }

    @Override
    public String toString() {
      return "dead-letter to " + topic;
    }
  }
}
