package org.statefun.core.translation;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.statefun.core.dispatch.DispatchOperatorFactory;
import org.statefun.core.dispatch.DispatchPlan;
import org.statefun.core.feedback.HeadOperatorFactory;
import org.statefun.core.feedback.TailOperator;
import org.statefun.core.message.Envelope;

/**
 * The second step: the loop of HEAD, FUNCTIONS and TAIL. HEAD is chained to FUNCTIONS; all three
 * share a co-location group, so subtask i of the head and of the tail run in the same TaskManager
 * and meet through the in-JVM channel.
 */
final class FunctionLoop {
  private FunctionLoop() {}

  /** The co-location group of one loop's operators: its own, so no two loops are ever mixed. */
  static String coLocationGroup(String loopId) {
    return "statefun-loop-" + loopId;
  }

  /**
   * Closes the loop behind {@code routed}.
   *
   * @param routed the envelopes of every ingress
   * @param setup the loop's max parallelism, envelope type and key
   * @param head what the head operator needs
   * @param plan what the dispatcher needs, egress routes included
   * @return the functions operator, whose side outputs feed the egresses
   */
  static SingleOutputStreamOperator<Envelope> add(
      DataStream<Envelope> routed,
      LoopSetup setup,
      HeadOperatorFactory.Settings head,
      DispatchPlan plan) {
    SingleOutputStreamOperator<Envelope> heads =
        routed
            .keyBy(setup.key(), Types.STRING)
            .transform("statefun head", setup.envelopes(), new HeadOperatorFactory(head))
            .uid(OperatorUids.HEAD)
            .setMaxParallelism(setup.maxParallelism());
    SingleOutputStreamOperator<Envelope> functions =
        DataStreamUtils.reinterpretAsKeyedStream(heads, setup.key(), Types.STRING)
            .transform("statefun functions", setup.envelopes(), new DispatchOperatorFactory(plan))
            .uid(OperatorUids.FUNCTIONS)
            .setMaxParallelism(setup.maxParallelism());
    SingleOutputStreamOperator<Void> tail =
        functions
            .keyBy(setup.key(), Types.STRING)
            .transform("statefun tail", Types.VOID, new TailOperator(setup.loopId()))
            .uid(OperatorUids.TAIL)
            .setMaxParallelism(setup.maxParallelism());

    String coLocationGroup = coLocationGroup(setup.loopId());
    heads.getTransformation().setCoLocationGroupKey(coLocationGroup);
    functions.getTransformation().setCoLocationGroupKey(coLocationGroup);
    tail.getTransformation().setCoLocationGroupKey(coLocationGroup);
    return functions;
  }
}
