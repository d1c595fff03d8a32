package org.statefun.benchmarks.relay;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The plain job of {@link PlainPipeline} (default {@link RelayLogic}) fed by a {@link
 * StampedSource}: the first stage counts and forwards {@code (next id, creation time)}, the second
 * counts and emits the creation time to a {@link LatencySink}.
 */
final class LatencyPlainPipeline implements Pipeline {

  private final double rate;
  private final long warmupNanos;

  LatencyPlainPipeline(double rate, long warmupNanos) {
    this.rate = rate;
    this.warmupNanos = warmupNanos;
  }

  @Override
  public String name() {
    return "plain";
  }

  @Override
  public long egressRecords(long records) {
    return records;
  }

  @Override
  public void define(StreamExecutionEnvironment env, long records) {
    RelayLogic logic = RelayLogic.DEFAULT;
    env.fromSource(StampedSource.create(records, rate), WatermarkStrategy.noWatermarks(), "stamped")
        .map(new MarkIngress())
        .name("mark ingress")
        // f0 is the record's index, f1 its creation time.
        .keyBy(stamped -> logic.firstHop(stamped.f0), Types.LONG)
        .process(new CountAndForwardTime(logic), StampedSource.TYPE)
        .name("a")
        // f0 is now the second-stage instance.
        .keyBy(hop -> hop.f0, Types.LONG)
        .process(new CountAndEmitTime(), Types.LONG)
        .name("b")
        .sinkTo(new LatencySink(warmupNanos))
        .name("latency egress");
  }

  private static final class MarkIngress
      implements MapFunction<Tuple2<Long, Long>, Tuple2<Long, Long>> {
    @Override
    public Tuple2<Long, Long> map(Tuple2<Long, Long> stamped) {
      Probe.markIngress();
      return stamped;
    }
  }

  /** Like {@code bench/a}: count, then pass the creation time on to the second stage. */
  private static final class CountAndForwardTime
      extends KeyedProcessFunction<Long, Tuple2<Long, Long>, Tuple2<Long, Long>> {
    private final RelayLogic logic;
    private transient ValueState<Long> count;

    CountAndForwardTime(RelayLogic logic) {
      this.logic = logic;
    }

    @Override
    public void open(OpenContext context) {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
    }

    @Override
    public void processElement(
        Tuple2<Long, Long> stamped, Context ctx, Collector<Tuple2<Long, Long>> out)
        throws Exception {
      increment(count);
      out.collect(Tuple2.of(logic.secondHop(ctx.getCurrentKey(), 0), stamped.f1));
    }
  }

  /** Like {@code bench/b}: count, then emit the creation time. */
  private static final class CountAndEmitTime
      extends KeyedProcessFunction<Long, Tuple2<Long, Long>, Long> {
    private transient ValueState<Long> count;

    @Override
    public void open(OpenContext context) {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
    }

    @Override
    public void processElement(Tuple2<Long, Long> hop, Context ctx, Collector<Long> out)
        throws Exception {
      increment(count);
      out.collect(hop.f1);
    }
  }

  private static void increment(ValueState<Long> count) throws Exception {
    Long current = count.value();
    count.update(current == null ? 1 : current + 1);
  }
}
