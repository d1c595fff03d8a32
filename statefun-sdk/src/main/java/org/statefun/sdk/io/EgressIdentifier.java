package org.statefun.sdk.io;

import java.io.Serializable;
import java.util.Objects;

/**
 * Identifies an egress: where functions send messages of type {@code T} out of the application.
 *
 * @param consumedType the type of the messages the egress accepts
 * @param namespace the namespace of the egress id
 * @param name the name of the egress id
 * @param <T> the message type
 */
public record EgressIdentifier<T>(Class<T> consumedType, String namespace, String name)
    implements Serializable {

  public EgressIdentifier {
    Objects.requireNonNull(consumedType, "consumedType");
    IdentifierParts.requireValid("egress", namespace, name);
  }

  /** Returns {@code namespace/name}. */
  @Override
  public String toString() {
    return namespace + '/' + name;
  }
}
