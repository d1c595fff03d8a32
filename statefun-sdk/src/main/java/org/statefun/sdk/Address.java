package org.statefun.sdk;

import java.io.Serializable;
import java.util.Objects;

/**
 * The address of one virtual instance of a function: its {@link FunctionType} and an id. Every
 * address always exists; its state is empty until the first write.
 *
 * @param type the function type
 * @param id the instance id within the type, never null
 */
public record Address(FunctionType type, String id) implements Serializable {

  public Address {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
  }

  /** Returns {@code namespace/name/id}. */
  @Override
  public String toString() {
    return type + "/" + id;
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || o instanceof Address other && id.equals(other.id) && type.equals(other.type);
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + id.hashCode();
  }
}
