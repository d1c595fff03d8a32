package org.statefun.core.io;

import java.util.Objects;
import org.apache.flink.api.connector.source.Source;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.io.IngressSpec;

/**
 * An ingress backed by any Flink (FLIP-27) {@link Source}. Bounded sources are fine: the job keeps
 * running until every message they caused has been handled.
 *
 * @param id the ingress identifier
 * @param source the Flink source; its records must be instances of {@code id.producedType()}
 * @param <T> the record type
 */
public record SourceIngressSpec<T>(IngressIdentifier<T> id, Source<T, ?, ?> source)
    implements IngressSpec<T> {

  public SourceIngressSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
  }
}
