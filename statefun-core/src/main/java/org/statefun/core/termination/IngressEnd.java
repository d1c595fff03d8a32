package org.statefun.core.termination;

import org.statefun.sdk.Address;
import org.statefun.sdk.FunctionType;

/**
 * One parallel instance of an ingress has produced its last record: the one signal of the end of a
 * bounded ingress. The instance's reader emits it behind its last record ({@link HoldOpenSource});
 * the router chained behind the reader sends it to a marker address in every key group ({@link
 * #markerAddresses}), so that each loop head learns, in order after all data, that this instance is
 * done ({@link IngressProgress}).
 *
 * @param ingressIndex the position of the ingress in the job's ingress list
 * @param subtaskIndex which parallel instance of the ingress ended
 * @param parallelism how many parallel instances the ingress has
 */
public record IngressEnd(int ingressIndex, int subtaskIndex, int parallelism) {

  /** The function type addressed by ingress-end markers; never bound, never invoked. */
  public static final FunctionType MARKER_TYPE =
      new FunctionType("statefun-internal", "ingress-end");

  /**
   * One marker address in each key group of a keyBy with {@code maxParallelism} key groups: sent to
   * all of them, a marker reaches every subtask behind the keyBy.
   */
  public static Address[] markerAddresses(int maxParallelism) {
    String[] keys = KeyGroupKeys.forAllKeyGroups(maxParallelism);
    Address[] addresses = new Address[keys.length];
    for (int i = 0; i < keys.length; i++) {
      addresses[i] = new Address(MARKER_TYPE, keys[i]);
    }
    return addresses;
  }
}
