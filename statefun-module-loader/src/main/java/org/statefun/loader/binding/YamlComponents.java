package org.statefun.loader.binding;

import java.util.IdentityHashMap;
import java.util.Map;
import org.statefun.loader.spi.IngressComponent;
import org.statefun.loader.spi.RecordView;
import org.statefun.sdk.io.EgressSpec;
import org.statefun.sdk.io.IngressSpec;

/**
 * What the loader knows of a bound ingress or egress beyond its spec: the module.yaml kind that
 * created it and, for ingresses, how YAML routers read its records. Specs a Java module bound are
 * described by their class, and their records are their values. Keyed by spec instance, so a second
 * binding of an id (a problem of the registry) cannot change what the first one is.
 */
public final class YamlComponents {

  /**
   * How an ingress is described and routed.
   *
   * @param kind the module.yaml kind, or the spec's simple class name
   * @param view how YAML routers see its records
   * @param valueType the class of the records' values, {@code Object} when unknown
   */
  public record IngressDetail(String kind, RecordView<?> view, Class<?> valueType) {}

  private final Map<IngressSpec<?>, IngressDetail> ingresses = new IdentityHashMap<>();
  private final Map<EgressSpec<?>, String> egressKinds = new IdentityHashMap<>();

  /** Records that kind {@code kind} created {@code component}. */
  public void ingress(IngressComponent<?> component, String kind) {
    ingresses.put(
        component.spec(), new IngressDetail(kind, component.view(), component.valueType()));
  }

  /** Records that kind {@code kind} created {@code spec}. */
  public void egress(EgressSpec<?> spec, String kind) {
    egressKinds.put(spec, kind);
  }

  public IngressDetail ingress(IngressSpec<?> spec) {
    IngressDetail detail = ingresses.get(spec);
    return detail != null
        ? detail
        : new IngressDetail(
            spec.getClass().getSimpleName(), RecordView.identity(), spec.id().producedType());
  }

  /** The module.yaml kind of {@code spec}, or its simple class name. */
  public String egressKind(EgressSpec<?> spec) {
    return egressKinds.getOrDefault(spec, spec.getClass().getSimpleName());
  }
}
