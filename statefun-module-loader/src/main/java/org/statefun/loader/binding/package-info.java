/**
 * Turns module directories into bindings: YAML entries and Java modules bind into the core's {@code
 * UniverseBuilder}, the one registry, each under the {@link org.statefun.loader.binding.Origin} it
 * came from; YAML routers are resolved across all modules; the registry's problems are reported at
 * the module.yaml line or jar they are about.
 */
package org.statefun.loader.binding;
