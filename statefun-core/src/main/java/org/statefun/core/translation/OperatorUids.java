package org.statefun.core.translation;

import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.IngressIdentifier;

/**
 * The fixed operator UIDs of the dataflow. Savepoints map state by these, so they never change and
 * never depend on which modules are loaded.
 */
public final class OperatorUids {
  private OperatorUids() {}

  public static final String HEAD = "statefun-feedback-head";
  public static final String FUNCTIONS = "statefun-functions";
  public static final String TAIL = "statefun-feedback-tail";

  public static String ingress(IngressIdentifier<?> id) {
    return "statefun-ingress-" + id;
  }

  public static String router(IngressIdentifier<?> id) {
    return "statefun-router-" + id;
  }

  public static String egress(EgressIdentifier<?> id) {
    return "statefun-egress-" + id;
  }
}
