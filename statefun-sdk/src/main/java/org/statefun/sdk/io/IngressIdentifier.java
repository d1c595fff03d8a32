package org.statefun.sdk.io;

import java.io.Serializable;
import java.util.Objects;

/**
 * Identifies an ingress: where messages of type {@code T} enter the application.
 *
 * @param producedType the type of the records the ingress produces
 * @param namespace the namespace of the ingress id
 * @param name the name of the ingress id
 * @param <T> the record type
 */
public record IngressIdentifier<T>(Class<T> producedType, String namespace, String name)
    implements Serializable {

  public IngressIdentifier {
    Objects.requireNonNull(producedType, "producedType");
    IdentifierParts.requireValid("ingress", namespace, name);
  }

  /** Returns {@code namespace/name}. */
  @Override
  public String toString() {
    return namespace + '/' + name;
  }
}
