package org.statefun.sdk.io;

final class IdentifierParts {
  private IdentifierParts() {}

  static void requireValid(String what, String namespace, String name) {
    requirePart(what, "namespace", namespace);
    requirePart(what, "name", name);
  }

  private static void requirePart(String what, String part, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(
          "The " + part + " of an " + what + " id must not be empty");
    }
    if (value.indexOf('/') >= 0) {
      throw new IllegalArgumentException(
          "The " + part + " of an " + what + " id must not contain '/': '" + value + "'");
    }
  }
}
