package org.statefun.benchmarks.relay;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;

/**
 * The latency benchmark's paced source: {@code records} records {@code (i, System.nanoTime())} at
 * {@code rate} records per second in all (Flink divides the rate among the source subtasks). The
 * time is taken when the record is generated, after the rate limiter let it through; it is
 * comparable with the sink's clock because the MiniCluster runs in the benchmark's JVM.
 */
final class StampedSource {

  static final TypeInformation<Tuple2<Long, Long>> TYPE = Types.TUPLE(Types.LONG, Types.LONG);

  private StampedSource() {}

  static DataGeneratorSource<Tuple2<Long, Long>> create(long records, double rate) {
    return new DataGeneratorSource<>(
        index -> Tuple2.of(index, System.nanoTime()),
        records,
        RateLimiterStrategy.perSecond(rate),
        TYPE);
  }
}
