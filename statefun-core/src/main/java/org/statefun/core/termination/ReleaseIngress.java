package org.statefun.core.termination;

import org.apache.flink.api.connector.source.SourceEvent;

/** Enumerator to reader: the loop is quiescent; end your input. */
final class ReleaseIngress implements SourceEvent {
  private static final long serialVersionUID = 1L;
}
