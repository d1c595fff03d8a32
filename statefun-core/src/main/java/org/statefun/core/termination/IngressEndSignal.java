package org.statefun.core.termination;

import java.io.Serializable;

/**
 * Emitted by an ingress reader after the last record of its wrapped source, in order with the
 * records, so the router behind it can tell every loop head.
 */
public final class IngressEndSignal implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final IngressEndSignal INSTANCE = new IngressEndSignal();

  @Override
  public String toString() {
    return "IngressEndSignal";
  }
}
