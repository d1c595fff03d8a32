package org.statefun.core.termination;

import org.apache.flink.api.connector.source.SourceEvent;

/**
 * Enumerator to reader, sent once the loop is quiescent: end your input. (The JobManager-side path
 * from the coordinator to the enumerators is {@link IngressReleaseRegistry}.)
 */
final class ReleaseReaderEvent implements SourceEvent {
  private static final long serialVersionUID = 1L;
}
