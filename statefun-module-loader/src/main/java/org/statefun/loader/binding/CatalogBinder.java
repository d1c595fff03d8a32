package org.statefun.loader.binding;

import java.util.Objects;
import org.statefun.loader.spi.RecordView;
import org.statefun.sdk.FailurePolicy;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunctionProvider;
import org.statefun.sdk.io.EgressSpec;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.io.IngressSpec;
import org.statefun.sdk.io.Router;
import org.statefun.sdk.spi.Binder;

/** The {@link Binder} given to Java modules: records their bindings in the catalog. */
final class CatalogBinder implements Binder {

  private final Catalog catalog;
  private final Origin origin;

  CatalogBinder(Catalog catalog, Origin origin) {
    this.catalog = catalog;
    this.origin = origin;
  }

  @Override
  public <T> void bindIngress(IngressSpec<T> spec) {
    Objects.requireNonNull(spec, "spec");
    catalog.add(
        new Catalog.Ingress(
            spec, RecordView.identity(), spec.id().producedType(), spec.getClass().getSimpleName(), origin));
  }

  @Override
  public <T> void bindEgress(EgressSpec<T> spec) {
    Objects.requireNonNull(spec, "spec");
    catalog.add(new Catalog.Egress(spec, spec.getClass().getSimpleName(), origin));
  }

  @Override
  public void bindFunctionProvider(
      FunctionType type, StatefulFunctionProvider provider, FailurePolicy onError) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(onError, "onError");
    catalog.add(new Catalog.Function(type, provider, onError, describe(provider.getClass()), origin));
  }

  @Override
  public <T> void bindIngressRouter(IngressIdentifier<T> id, Router<T> router) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(router, "router");
    catalog.add(new Catalog.Route(id, router, describe(router.getClass()), origin));
  }

  /** The class name, or "lambda in X" for lambdas (whose class names are generated). */
  static String describe(Class<?> type) {
    String name = type.getName();
    int lambda = name.indexOf("$$Lambda");
    return lambda < 0 ? name : "lambda in " + name.substring(0, lambda);
  }
}
