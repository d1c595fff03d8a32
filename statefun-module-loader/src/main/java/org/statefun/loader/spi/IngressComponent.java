package org.statefun.loader.spi;

import java.util.Objects;
import org.statefun.sdk.io.IngressSpec;
import org.statefun.sdk.io.Router;

/**
 * What an {@link IngressKind} creates: the ingress, how YAML routers see its records, and, for
 * ingresses whose spec already says where records go, their own router.
 *
 * @param spec the ingress, e.g. a {@code SourceIngressSpec}
 * @param view the value and key of each record, for YAML routers
 * @param valueType the class of {@code view.value(record)}, so {@code value.<field>} ids can be
 *     checked before the job starts ({@code Object} when unknown)
 * @param router the router the loader binds for this ingress (for example StateFun's Kafka ingress,
 *     whose topics name their target function types); null when only module.yaml routers route its
 *     records
 * @param <T> the record type
 */
public record IngressComponent<T>(
    IngressSpec<T> spec, RecordView<T> view, Class<?> valueType, Router<T> router) {

  public IngressComponent {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(valueType, "valueType");
  }

  /** An ingress routed by module.yaml routers only. */
  public IngressComponent(IngressSpec<T> spec, RecordView<T> view, Class<?> valueType) {
    this(spec, view, valueType, null);
  }

  /** An ingress whose records are their own values, without keys. */
  public static <T> IngressComponent<T> ofValues(IngressSpec<T> spec) {
    return new IngressComponent<>(spec, RecordView.identity(), spec.id().producedType());
  }

  /** This ingress, with records routed by {@code router} (and by any module.yaml routers). */
  public IngressComponent<T> routedBy(Router<T> router) {
    return new IngressComponent<>(spec, view, valueType, Objects.requireNonNull(router, "router"));
  }
}
