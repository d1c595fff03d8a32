/**
 * Turns module directories into bindings: YAML entries and Java modules are bound into a {@link
 * org.statefun.loader.binding.Catalog} that remembers where each binding came from, YAML routers
 * are resolved across all modules, and the result is handed to the core's {@code UniverseBuilder}.
 */
package org.statefun.loader.binding;
