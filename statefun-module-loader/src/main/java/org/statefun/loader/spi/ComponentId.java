package org.statefun.loader.spi;

import java.util.Optional;

/**
 * The {@code namespace/name} id of an ingress or egress, as written in module.yaml: what a kind is
 * asked to create. A kind builds the {@code IngressIdentifier} or {@code EgressIdentifier} of its
 * spec from it, with the record type it produces or accepts.
 *
 * @param namespace the part before '/'
 * @param name the part after '/'
 */
public record ComponentId(String namespace, String name) {

  /** Parses {@code namespace/name}; empty unless there are exactly two non-empty parts. */
  public static Optional<ComponentId> parse(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
      return Optional.empty();
    }
    return Optional.of(new ComponentId(text.substring(0, slash), text.substring(slash + 1)));
  }

  @Override
  public String toString() {
    return namespace + '/' + name;
  }
}
