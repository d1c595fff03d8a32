package org.statefun.benchmarks.relay;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The relay logic as a hand-written Flink job: source → keyBy → count and forward (fan-out tuples)
 * → keyBy → count and emit → counting sink, addressed by the same {@link RelayLogic} as the relay.
 * Keys are longs by default, as a Flink developer would write it, so statefun's String ids and
 * envelopes are part of what the comparison measures; {@link PlainKeys#STRINGS} keys it by String
 * ids like the relay's.
 *
 * @param <K> the key type
 */
final class PlainPipeline<K> implements Pipeline {

  private final RelayLogic logic;
  private final PlainKeys<K> keys;

  PlainPipeline(RelayLogic logic, PlainKeys<K> keys) {
    this.logic = logic;
    this.keys = keys;
  }

  @Override
  public String name() {
    return keys == PlainKeys.LONGS ? "plain" : "plain-" + keys.name();
  }

  @Override
  public long egressRecords(long records) {
    return logic.egressRecords(records);
  }

  @Override
  public void define(StreamExecutionEnvironment env, long records) {
    RelayLogic logic = this.logic;
    PlainKeys<K> keys = this.keys;
    TypeInformation<Tuple2<K, Long>> hop = Types.TUPLE(keys.type(), Types.LONG);
    env.fromSource(
            new NumberSequenceSource(0, records - 1), WatermarkStrategy.noWatermarks(), "numbers")
        .map(new MarkIngress())
        .name("mark ingress")
        .keyBy(value -> keys.of().apply(logic.firstHop(value)), keys.type())
        .process(new CountAndForward<>(logic, keys), hop)
        .name("a")
        // f0 is the second-stage instance, f1 the first stage's count (the message payload).
        .keyBy(next -> next.f0, keys.type())
        .process(new CountAndEmit<K>(), Types.LONG)
        .name("b")
        .sinkTo(new CountingSink<>())
        .name("count egress");
  }

  /**
   * The relay's router stamps the first ingress record; here an identity map chained to the source
   * does.
   */
  private static final class MarkIngress implements MapFunction<Long, Long> {
    @Override
    public Long map(Long value) {
      Probe.markIngress();
      return value;
    }
  }

  /** Like {@code bench/a}: count, then pass the count on to fan-out second-stage instances. */
  private static final class CountAndForward<K>
      extends KeyedProcessFunction<K, Long, Tuple2<K, Long>> {
    private final RelayLogic logic;
    private final PlainKeys<K> keys;
    private transient ValueState<Long> count;

    CountAndForward(RelayLogic logic, PlainKeys<K> keys) {
      this.logic = logic;
      this.keys = keys;
    }

    @Override
    public void open(OpenContext context) {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
    }

    @Override
    public void processElement(Long value, Context ctx, Collector<Tuple2<K, Long>> out)
        throws Exception {
      long updated = increment(count);
      long id = keys.id().apply(ctx.getCurrentKey());
      for (int j = 0; j < logic.fanOut(); j++) {
        out.collect(Tuple2.of(keys.of().apply(logic.secondHop(id, j)), updated));
      }
    }
  }

  /** Like {@code bench/b}: count, then emit one record to the egress. */
  private static final class CountAndEmit<K>
      extends KeyedProcessFunction<K, Tuple2<K, Long>, Long> {
    private transient ValueState<Long> count;

    @Override
    public void open(OpenContext context) {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
    }

    @Override
    public void processElement(Tuple2<K, Long> hop, Context ctx, Collector<Long> out)
        throws Exception {
      out.collect(increment(count));
    }
  }

  private static long increment(ValueState<Long> count) throws Exception {
    Long current = count.value();
    long updated = current == null ? 1 : current + 1;
    count.update(updated);
    return updated;
  }
}
