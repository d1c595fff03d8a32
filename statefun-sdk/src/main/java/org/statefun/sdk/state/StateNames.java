package org.statefun.sdk.state;

/** Validates state names: they become part of Flink state names, so keep them simple. */
final class StateNames {
  private StateNames() {}

  static String requireValid(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("A persisted state name must not be empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
        throw new IllegalArgumentException(
            "Invalid persisted state name '" + name + "': use letters, digits, '_' and '-' only");
      }
    }
    return name;
  }
}
