package org.statefun.sdk.spi;

import java.util.Map;

/**
 * A unit of deployment that binds functions, ingresses, routers and egresses. Implementations are
 * found with {@link java.util.ServiceLoader}: annotate them with
 * {@code @AutoService(StatefulFunctionModule.class)} or list them in {@code
 * META-INF/services/org.statefun.sdk.spi.StatefulFunctionModule}. They need a public no-arg
 * constructor.
 */
public interface StatefulFunctionModule {

  /**
   * Binds this module's components.
   *
   * @param globalConfiguration the {@code statefun.module.global-config.*} entries of the job's
   *     configuration, with that prefix removed
   * @param binder where to bind components
   */
  void configure(Map<String, String> globalConfiguration, Binder binder);
}
