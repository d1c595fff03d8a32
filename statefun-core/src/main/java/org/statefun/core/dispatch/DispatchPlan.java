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
 * @param loopId the loop whose in-JVM channel the dispatcher sends through (see LoopKey)
 * @param providers the provider of each function type
 * @param failurePolicies the failure policy of each function type that does not simply fail
 * @param namespaceProviders the provider of each namespace bound as a whole
 * @param namespaceFailurePolicies like {@code failurePolicies}, for bound namespaces
 * @param egresses the route to each egress, by {@code namespace/name}
 * @param maxAsyncOperations in-flight async operations per subtask before invocations pause
 * @param batchSize invocations per mailbox step
 * @param queueMemory in-memory budget of the queued messages, beyond which they spill
 */
public record DispatchPlan(
    String loopId,
    Map<FunctionType, StatefulFunctionProvider> providers,
    Map<FunctionType, FailurePolicy> failurePolicies,
    Map<String, StatefulFunctionProvider> namespaceProviders,
    Map<String, FailurePolicy> namespaceFailurePolicies,
    Map<String, EgressRoute> egresses,
    int maxAsyncOperations,
    int batchSize,
    MemoryBudget queueMemory)
    implements Serializable {

  public DispatchPlan {
    providers = new LinkedHashMap<>(providers);
    failurePolicies = new LinkedHashMap<>(failurePolicies);
    namespaceProviders = new LinkedHashMap<>(namespaceProviders);
    namespaceFailurePolicies = new LinkedHashMap<>(namespaceFailurePolicies);
    egresses = new LinkedHashMap<>(egresses);
  }

  /** The function types and namespaces messages may go to. */
  public BoundTypes boundTypes() {
    return new BoundTypes(providers.keySet(), namespaceProviders.keySet());
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
