package org.statefun.core.termination;

import java.util.BitSet;

/**
 * Tracks, at one loop head, which parallel instances of which ingresses have sent their last
 * record. Routers send {@link IngressEnd} to every key group, so a head may see the same instance
 * end several times; it counts each instance once.
 */
public final class IngressProgress {

  private final BitSet[] ended;
  private final int[] parallelism;
  private int completeIngresses;

  public IngressProgress(int ingressCount) {
    this.ended = new BitSet[ingressCount];
    this.parallelism = new int[ingressCount];
    for (int i = 0; i < ingressCount; i++) {
      ended[i] = new BitSet();
    }
  }

  /** Records {@code end}; returns true exactly once, when the last ingress instance has ended. */
  public boolean record(IngressEnd end) {
    int ingress = end.ingressIndex();
    if (ingress < 0 || ingress >= ended.length) {
      throw new IllegalStateException(
          "End of ingress #"
              + ingress
              + " received, but the job has "
              + ended.length
              + " ingresses");
    }
    BitSet instances = ended[ingress];
    boolean wasComplete =
        instances.cardinality() == parallelism[ingress] && parallelism[ingress] > 0;
    parallelism[ingress] = end.parallelism();
    instances.set(end.subtaskIndex());
    boolean complete = instances.cardinality() == end.parallelism();
    if (complete && !wasComplete) {
      completeIngresses++;
      return completeIngresses == ended.length;
    }
    return false;
  }
}
