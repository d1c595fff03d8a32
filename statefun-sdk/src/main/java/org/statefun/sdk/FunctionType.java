package org.statefun.sdk;

import java.io.Serializable;
import java.util.Objects;

/**
 * The type of a stateful function: a {@code namespace/name} pair, like a class of which every
 * {@link Address} with this type is an instance.
 *
 * <p>Both parts must be non-empty and must not contain {@code '/'}.
 *
 * @param namespace the namespace, for example {@code "shop"}
 * @param name the name within the namespace, for example {@code "cart"}
 */
public record FunctionType(String namespace, String name) implements Serializable {

  public FunctionType {
    requireValidPart("namespace", namespace);
    requireValidPart("name", name);
  }

  /**
   * Parses {@code "namespace/name"}.
   *
   * @throws IllegalArgumentException naming the input and what was expected when it is not exactly
   *     two non-empty parts separated by one {@code '/'}
   */
  public static FunctionType parse(String typeName) {
    Objects.requireNonNull(typeName, "typeName");
    int slash = typeName.indexOf('/');
    if (slash <= 0 || slash == typeName.length() - 1 || typeName.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException(
          "Malformed function type '"
              + typeName
              + "': expected 'namespace/name', for example 'shop/cart'");
    }
    return new FunctionType(typeName.substring(0, slash), typeName.substring(slash + 1));
  }

  /** Returns {@code namespace/name}. */
  @Override
  public String toString() {
    return namespace + '/' + name;
  }

  // Explicit, because function types are hash keys on every message's path.
  @Override
  public boolean equals(Object o) {
    return this == o
        || o instanceof FunctionType other
            && namespace.equals(other.namespace)
            && name.equals(other.name);
  }

  @Override
  public int hashCode() {
    return 31 * namespace.hashCode() + name.hashCode();
  }

  static void requireValidPart(String what, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("The " + what + " of a type must not be empty");
    }
    if (value.indexOf('/') >= 0) {
      throw new IllegalArgumentException(
          "The " + what + " of a type must not contain '/': '" + value + "'");
    }
  }
}
