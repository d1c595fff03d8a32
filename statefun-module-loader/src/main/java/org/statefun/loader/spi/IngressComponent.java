package org.statefun.loader.spi;

import java.util.Objects;
import org.statefun.sdk.io.IngressSpec;

/**
 * What an {@link IngressKind} creates: the ingress, and how YAML routers see its records.
 *
 * @param spec the ingress, e.g. a {@code SourceIngressSpec}
 * @param view the value and key of each record, for YAML routers
 * @param valueType the class of {@code view.value(record)}, so {@code value.<field>} ids can be
 *     checked before the job starts ({@code Object} when unknown)
 * @param <T> the record type
 */
public record IngressComponent<T>(IngressSpec<T> spec, RecordView<T> view, Class<?> valueType) {

  public IngressComponent {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(valueType, "valueType");
  }

  /** An ingress whose records are their own values, without keys. */
  public static <T> IngressComponent<T> ofValues(IngressSpec<T> spec) {
    return new IngressComponent<>(spec, RecordView.identity(), spec.id().producedType());
  }
}
