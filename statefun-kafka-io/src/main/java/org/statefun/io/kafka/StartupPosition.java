package org.statefun.io.kafka;

import java.io.Serializable;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a Kafka ingress starts reading when the job starts without a checkpoint or savepoint. After
 * a restore, it always continues from the offsets in the checkpoint.
 */
public sealed interface StartupPosition extends Serializable {

  /** Where to start in partitions that have no committed or given offset. */
  enum Fallback {
    /** The first record still in the partition. */
    EARLIEST,
    /** After the last record: only records written from now on. */
    LATEST;

    @SuppressWarnings("deprecation") // the connector's OffsetsInitializer still takes it
    OffsetResetStrategy strategy() {
      return this == EARLIEST ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST;
    }
  }

  /** The first record still in each partition. */
  static StartupPosition earliest() {
    return new Earliest();
  }

  /** Only records written after the ingress starts. */
  static StartupPosition latest() {
    return new Latest();
  }

  /** The offsets the consumer group committed; {@code fallback} for partitions without one. */
  static StartupPosition groupOffsets(Fallback fallback) {
    return new GroupOffsets(fallback);
  }

  /** The first record with a timestamp at or after {@code timestamp} in each partition. */
  static StartupPosition timestamp(Instant timestamp) {
    return new Timestamp(timestamp);
  }

  /**
   * The given offset for each listed partition; other partitions start at the group's committed
   * offset, else at {@code fallback}.
   */
  static StartupPosition specificOffsets(Map<TopicPartition, Long> offsets, Fallback fallback) {
    return new SpecificOffsets(offsets, fallback);
  }

  /** The Flink connector's equivalent. */
  OffsetsInitializer initializer();

  /** Starts at the earliest offsets. */
  record Earliest() implements StartupPosition {
    @Override
    public OffsetsInitializer initializer() {
      return OffsetsInitializer.earliest();
    }
  }

  /** Starts at the latest offsets. */
  record Latest() implements StartupPosition {
    @Override
    public OffsetsInitializer initializer() {
      return OffsetsInitializer.latest();
    }
  }

  /**
   * Starts at the committed group offsets.
   *
   * @param fallback for partitions without a committed offset
   */
  record GroupOffsets(Fallback fallback) implements StartupPosition {
    public GroupOffsets {
      Objects.requireNonNull(fallback, "fallback");
    }

    @Override
    public OffsetsInitializer initializer() {
      return OffsetsInitializer.committedOffsets(fallback.strategy());
    }
  }

  /**
   * Starts at a point in time.
   *
   * @param timestamp the first record timestamp to read
   */
  record Timestamp(Instant timestamp) implements StartupPosition {
    public Timestamp {
      Objects.requireNonNull(timestamp, "timestamp");
    }

    @Override
    public OffsetsInitializer initializer() {
      return OffsetsInitializer.timestamp(timestamp.toEpochMilli());
    }
  }

  /**
   * Starts at given offsets.
   *
   * @param offsets the first offset to read per partition; none negative
   * @param fallback for partitions not listed and without a committed offset
   */
  record SpecificOffsets(Map<TopicPartition, Long> offsets, Fallback fallback)
      implements StartupPosition {
    public SpecificOffsets {
      offsets = Map.copyOf(offsets);
      Objects.requireNonNull(fallback, "fallback");
      offsets.forEach(
          (partition, offset) -> {
            if (offset < 0) {
              throw new IllegalArgumentException(
                  "The start offset of " + partition + " must not be negative, got " + offset);
            }
          });
    }

    @Override
    public OffsetsInitializer initializer() {
      return OffsetsInitializer.offsets(new HashMap<>(offsets), fallback.strategy());
    }
  }
}
