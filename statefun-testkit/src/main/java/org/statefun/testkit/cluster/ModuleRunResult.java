package org.statefun.testkit.cluster;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.statefun.sdk.io.EgressIdentifier;

/**
 * What every egress of a {@link ModuleRun} received: the committed records, each exactly once. The
 * order across parallel subtasks is not defined; compare with {@code containsExactlyInAnyOrder}.
 */
public final class ModuleRunResult {

  private final Map<String, List<Object>> records;
  private final boolean failureInjected;

  ModuleRunResult(Map<String, List<Object>> records, boolean failureInjected) {
    this.records = Map.copyOf(records);
    this.failureInjected = failureInjected;
  }

  /**
   * The records of egress {@code egressId} ({@code namespace/name}).
   *
   * @throws IllegalArgumentException when the modules bind no such egress
   */
  public List<Object> records(String egressId) {
    List<Object> egress = records.get(egressId);
    if (egress == null) {
      throw new IllegalArgumentException(
          "The modules bind no egress " + egressId + "; they bind " + records.keySet());
    }
    return List.copyOf(egress);
  }

  /** The records of {@code egress}. */
  @SuppressWarnings("unchecked")
  public <T> List<T> records(EgressIdentifier<T> egress) {
    return (List<T>) records(egress.toString());
  }

  /** The ids of every bound egress. */
  public Set<String> egressIds() {
    return records.keySet();
  }

  /** Every egress's records by egress id. */
  public Map<String, List<Object>> all() {
    return records;
  }

  /** Whether the failure asked for with {@link ModuleRun#failAfter} struck. */
  public boolean failureInjected() {
    return failureInjected;
  }

  @Override
  public String toString() {
    return "ModuleRunResult" + records + (failureInjected ? " (after an injected failure)" : "");
  }
}
