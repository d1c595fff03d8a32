/**
 * The plugin interface for module.yaml ingress and egress {@code kind}s. A jar registers a kind by
 * listing its {@link org.statefun.loader.spi.IngressKind} or {@link
 * org.statefun.loader.spi.EgressKind} in {@code META-INF/services} (for example with
 * {@code @AutoService}); the loader finds kinds on its own class path and in every module's jars.
 */
package org.statefun.loader.spi;
