package org.statefun.core.translation;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.statefun.core.message.EnvelopeTypeInfo;
import org.statefun.core.message.FunctionTypeTable;
import org.statefun.core.termination.IngressEnd;
import org.statefun.core.universe.Universe;
import org.statefun.sdk.FunctionType;

/**
 * What the steps of the translation share, fixed before the first operator is added.
 *
 * @param loopId names this job's in-JVM channel between head and tail, which the hold-open sources
 *     also watch
 * @param maxParallelism the key groups of the loop's operators, by which the routers also address
 *     messages
 * @param envelopes the type information of the envelopes on every edge
 * @param key partitions envelopes by target id
 */
record LoopSetup(String loopId, int maxParallelism, EnvelopeTypeInfo envelopes, EnvelopeKey key) {

  /**
   * The setup of {@code universe} in {@code env}: the configured max parallelism, else Flink's
   * default for the environment's parallelism, fixed here so that the routers and the loop agree.
   */
  static LoopSetup of(StreamExecutionEnvironment env, Universe universe) {
    int maxParallelism =
        env.getConfig().getMaxParallelism() > 0
            ? env.getConfig().getMaxParallelism()
            : KeyGroupRangeAssignment.computeDefaultMaxParallelism(env.getParallelism());
    List<FunctionType> types = new ArrayList<>(universe.functionTypes());
    types.add(IngressEnd.MARKER_TYPE);
    return new LoopSetup(
        UUID.randomUUID().toString(),
        maxParallelism,
        new EnvelopeTypeInfo(new FunctionTypeTable(types)),
        new EnvelopeKey());
  }
}
