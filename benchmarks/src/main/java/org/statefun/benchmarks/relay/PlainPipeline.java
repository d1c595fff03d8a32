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
 * Keys are longs, as a Flink developer would write it; statefun's String ids and envelopes are part
 * of what the comparison measures.
 */
final class PlainPipeline implements Pipeline {

  private static final TypeInformation<Tuple2<Long, Long>> HOP =
      Types.TUPLE(Types.LONG, Types.LONG);

  private final RelayLogic logic;

  PlainPipeline(RelayLogic logic) {
    this.logic = logic;
  }

  @Override
  public String name() {
    return "plain";
  }

  @Override
  public long egressRecords(long records) {
    return logic.egressRecords(records);
  }

  @Override
  public void define(StreamExecutionEnvironment env, long records) {
    RelayLogic logic = this.logic;
    env.fromSource(
            new NumberSequenceSource(0, records - 1), WatermarkStrategy.noWatermarks(), "numbers")
        .map(new MarkIngress())
        .name("mark ingress")
        .keyBy(value -> logic.firstHop(value), Types.LONG)
        .process(new CountAndForward(logic), HOP)
        .name("a")
        // f0 is the second-stage instance, f1 the first stage's count (the message payload).
        .keyBy(hop -> hop.f0, Types.LONG)
        .process(new CountAndEmit(), Types.LONG)
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
  private static final class CountAndForward
      extends KeyedProcessFunction<Long, Long, Tuple2<Long, Long>> {
    private final RelayLogic logic;
    private transient ValueState<Long> count;

    CountAndForward(RelayLogic logic) {
      this.logic = logic;
    }

    @Override
    public void open(OpenContext context) {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
    }

    @Override
    public void processElement(Long value, Context ctx, Collector<Tuple2<Long, Long>> out)
        throws Exception {
      long updated = increment(count);
      long id = ctx.getCurrentKey();
      for (int j = 0; j < logic.fanOut(); j++) {
        out.collect(Tuple2.of(logic.secondHop(id, j), updated));
      }
    }
  }

  /** Like {@code bench/b}: count, then emit one record to the egress. */
  private static final class CountAndEmit
      extends KeyedProcessFunction<Long, Tuple2<Long, Long>, Long> {
    private transient ValueState<Long> count;

    @Override
    public void open(OpenContext context) {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
    }

    @Override
    public void processElement(Tuple2<Long, Long> hop, Context ctx, Collector<Long> out)
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
