package org.statefun.remote;

import java.io.Serializable;
import java.util.Objects;
import org.statefun.sdk.FunctionType;

/**
 * The function types an endpoint serves: one type ({@code ns/name}) or a whole namespace ({@code
 * ns/*}).
 *
 * @param namespace the namespace
 * @param name the type's name; null for every type of the namespace
 */
public record FunctionPattern(String namespace, String name) implements Serializable {

  public FunctionPattern {
    Objects.requireNonNull(namespace, "namespace");
  }

  /**
   * Parses {@code ns/name} or {@code ns/*}.
   *
   * @throws IllegalArgumentException saying what was expected
   */
  public static FunctionPattern parse(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException(
          "expected 'namespace/name' or 'namespace/*', got '" + text + "'");
    }
    String namespace = text.substring(0, slash);
    String name = text.substring(slash + 1);
    if (namespace.contains("*") || (name.contains("*") && !name.equals("*"))) {
      throw new IllegalArgumentException(
          "'*' may only stand for the whole name, as in 'namespace/*', got '" + text + "'");
    }
    return new FunctionPattern(namespace, name.equals("*") ? null : name);
  }

  public boolean isNamespace() {
    return name == null;
  }

  /** The one type this pattern names; only for patterns that are not namespaces. */
  public FunctionType type() {
    if (name == null) {
      throw new IllegalStateException(this + " names a whole namespace, not one type");
    }
    return new FunctionType(namespace, name);
  }

  public boolean matches(FunctionType type) {
    return type.namespace().equals(namespace) && (name == null || name.equals(type.name()));
  }

  @Override
  public String toString() {
    return namespace + "/" + (name == null ? "*" : name);
  }
}
