package org.statefun.loader.yaml;

import java.util.Objects;

/**
 * A YAML scalar, after {@code ${VAR}} substitution.
 *
 * @param location where the scalar starts
 * @param text the text of the scalar; empty for {@link Style#NULL}
 * @param style how YAML typed the scalar as written
 */
public record YamlScalar(Location location, String text, Style style) implements YamlNode {

  /** How YAML typed a scalar. Quoted scalars are always {@link #STRING}. */
  public enum Style {
    STRING,
    INTEGER,
    DECIMAL,
    BOOLEAN,
    NULL,
    /** A value whose {@code ${VAR}} could not be substituted; already reported, read as absent. */
    UNRESOLVED
  }

  public YamlScalar {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(style, "style");
  }

  /**
   * What kind of value this is, never the value itself: a wrongly placed value may be a secret (a
   * password in the wrong key, or a whole {@code ${VAR}}), and the location already points at it.
   */
  @Override
  public String describe() {
    return switch (style) {
      case STRING -> "a string";
      case INTEGER, DECIMAL -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "no value";
      case UNRESOLVED -> "a value that could not be read";
    };
  }
}
