package org.statefun.sdk.io;

/**
 * Describes an ingress to bind. The runtime translates known spec classes into Flink sources, for
 * example {@code org.statefun.core.io.SourceIngressSpec}.
 *
 * @param <T> the record type
 */
public interface IngressSpec<T> {

  /** The identifier the ingress is bound under. */
  IngressIdentifier<T> id();
}
