package org.statefun.sdk.io;

/**
 * Describes an egress to bind. The runtime translates known spec classes into Flink sinks, for
 * example {@code org.statefun.core.io.SinkEgressSpec}.
 *
 * @param <T> the message type
 */
public interface EgressSpec<T> {

  /** The identifier the egress is bound under. */
  EgressIdentifier<T> id();
}
