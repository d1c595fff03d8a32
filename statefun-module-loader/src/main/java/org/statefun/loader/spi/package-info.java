/**
 * The plugin interface for module.yaml ingress and egress {@code kind}s, complete in itself: a kind
 * compiles against this package and the SDK (plus statefun-core's Flink-backed specs), never
 * against the loader's internals. A jar registers a kind by listing its {@link
 * org.statefun.loader.spi.IngressKind} or {@link org.statefun.loader.spi.EgressKind} in {@code
 * META-INF/services} (for example with {@code @AutoService}); the loader finds kinds on its own
 * class path and in every module's jars.
 *
 * <p>The loader hands a kind the entry's {@link org.statefun.loader.spi.ComponentId} and a {@link
 * org.statefun.loader.spi.SpecReader} for its {@code spec:}; the reader reports each problem at its
 * place in module.yaml, and {@link org.statefun.loader.spi.SpecReader#requireValid()} stops the
 * creation with an {@link org.statefun.loader.spi.InvalidSpecException} once problems are found. An
 * ingress kind returns an {@link org.statefun.loader.spi.IngressComponent}: the spec and the {@link
 * org.statefun.loader.spi.RecordView} through which YAML routers read its records.
 */
package org.statefun.loader.spi;
