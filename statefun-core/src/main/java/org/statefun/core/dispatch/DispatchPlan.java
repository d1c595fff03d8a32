package org.statefun.core.dispatch;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.util.OutputTag;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunctionProvider;
import org.statefun.sdk.io.EgressIdentifier;

/**
 * What the dispatcher needs from the universe, shipped to the workers with the job: the function
 * providers, the side output of every egress, and the async limit.
 *
 * @param providers the provider of each function type
 * @param egresses the route to each egress, by {@code namespace/name}
 * @param maxAsyncOperations in-flight async operations per subtask before input is backpressured
 */
public record DispatchPlan(
    Map<FunctionType, StatefulFunctionProvider> providers,
    Map<String, EgressRoute> egresses,
    int maxAsyncOperations)
    implements Serializable {

  public DispatchPlan {
    providers = new LinkedHashMap<>(providers);
    egresses = new LinkedHashMap<>(egresses);
  }

  /**
   * Where messages for one egress leave the dispatcher.
   *
   * @param id the egress
   * @param tag the side output feeding the egress's sink
   */
  public record EgressRoute(EgressIdentifier<?> id, OutputTag<Object> tag) implements Serializable {}
}
