package org.statefun.core.universe;

import java.util.List;
import java.util.Map;
import org.statefun.sdk.FailurePolicy;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunctionProvider;
import org.statefun.sdk.io.EgressSpec;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.io.IngressSpec;
import org.statefun.sdk.io.Router;

/**
 * What a {@link UniverseBuilder} recorded, each binding with its {@link BindingOrigin}: a read-only
 * view that follows the builder. A second binding of an id or function type is not kept (it is a
 * problem of the builder).
 *
 * @param ingresses the ingresses by id, in binding order
 * @param routers the routers, in binding order
 * @param functions the function types, in binding order
 * @param namespaces the namespaces bound as a whole, in binding order
 * @param egresses the egresses by id, in binding order
 */
public record Bindings(
    Map<String, Ingress> ingresses,
    List<Route> routers,
    Map<FunctionType, Function> functions,
    Map<String, Namespace> namespaces,
    Map<String, Egress> egresses) {

  /**
   * A bound ingress.
   *
   * @param spec the ingress
   * @param origin where it was bound
   */
  public record Ingress(IngressSpec<?> spec, BindingOrigin origin) {}

  /**
   * A bound router.
   *
   * @param ingress the routed ingress, as the router's binding names it
   * @param router the router
   * @param origin where it was bound
   */
  public record Route(IngressIdentifier<?> ingress, Router<?> router, BindingOrigin origin) {}

  /**
   * A bound function type.
   *
   * @param type the function type
   * @param provider its provider
   * @param onError what happens when an invocation throws
   * @param origin where it was bound
   */
  public record Function(
      FunctionType type,
      StatefulFunctionProvider provider,
      FailurePolicy onError,
      BindingOrigin origin) {}

  /**
   * A namespace bound as a whole: every type of it that no {@link Function} names.
   *
   * @param namespace the namespace
   * @param provider the provider of its types
   * @param onError what happens when an invocation throws
   * @param origin where it was bound
   */
  public record Namespace(
      String namespace,
      StatefulFunctionProvider provider,
      FailurePolicy onError,
      BindingOrigin origin) {}

  /**
   * A bound egress.
   *
   * @param spec the egress
   * @param origin where it was bound
   */
  public record Egress(EgressSpec<?> spec, BindingOrigin origin) {}
}
