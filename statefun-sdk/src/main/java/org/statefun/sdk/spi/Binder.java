package org.statefun.sdk.spi;

import org.statefun.sdk.FailurePolicy;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunctionProvider;
import org.statefun.sdk.io.EgressSpec;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.io.IngressSpec;
import org.statefun.sdk.io.Router;

/**
 * Receives the bindings of a {@link StatefulFunctionModule}. Every identifier and function type may
 * be bound once across all modules; a second binding fails with an error naming both.
 */
public interface Binder {

  /** Binds an ingress under {@code spec.id()}. */
  <T> void bindIngress(IngressSpec<T> spec);

  /** Binds an egress under {@code spec.id()}. */
  <T> void bindEgress(EgressSpec<T> spec);

  /**
   * Binds the provider that creates functions of {@code type}; a failing invocation fails the job.
   */
  default void bindFunctionProvider(FunctionType type, StatefulFunctionProvider provider) {
    bindFunctionProvider(type, provider, FailurePolicy.fail());
  }

  /**
   * Binds the provider that creates functions of {@code type}, and what happens to a message whose
   * invocation throws.
   */
  void bindFunctionProvider(
      FunctionType type, StatefulFunctionProvider provider, FailurePolicy onError);

  /**
   * Binds {@code provider} to every function type of {@code namespace} that no {@link
   * #bindFunctionProvider(FunctionType, StatefulFunctionProvider, FailurePolicy) type binding}
   * names: messages to {@code namespace/<anything>} go to the function it provides for that type.
   * Remote function endpoints declared as {@code namespace/*} are bound this way.
   */
  void bindNamespaceProvider(
      String namespace, StatefulFunctionProvider provider, FailurePolicy onError);

  /** Adds a router for the records of {@code id}; an ingress may have several. */
  <T> void bindIngressRouter(IngressIdentifier<T> id, Router<T> router);
}
