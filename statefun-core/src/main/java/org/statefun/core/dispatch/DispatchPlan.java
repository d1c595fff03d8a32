package org.statefun.core.dispatch;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.util.OutputTag;
import org.statefun.core.config.MemoryBudget;
import org.statefun.sdk.FailurePolicy;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunctionProvider;
import org.statefun.sdk.io.EgressIdentifier;

/**
 * What the dispatcher needs from the universe and the configuration, shipped to the workers with
 * the job.
 *
 * @param providers the provider of each function type
 * @param failurePolicies the failure policy of each function type that does not simply fail
 * @param egresses the route to each egress, by {@code namespace/name}
 * @param maxAsyncOperations in-flight async operations per subtask before invocations pause
 * @param batchSize invocations per mailbox step
 * @param queueMemory in-memory budget of the queued messages, beyond which they spill
 */
public record DispatchPlan(
    Map<FunctionType, StatefulFunctionProvider> providers,
    Map<FunctionType, FailurePolicy> failurePolicies,
    Map<String, EgressRoute> egresses,
    int maxAsyncOperations,
    int batchSize,
    MemoryBudget queueMemory)
    implements Serializable {

  public DispatchPlan {
    providers = new LinkedHashMap<>(providers);
    failurePolicies = new LinkedHashMap<>(failurePolicies);
    egresses = new LinkedHashMap<>(egresses);
  }

  /**
   * Where messages for one egress leave the dispatcher.
   *
   * @param id the egress
   * @param tag the side output feeding the egress's sink
   */
  public record EgressRoute(EgressIdentifier<?> id, OutputTag<Object> tag)
      implements Serializable {}
}
