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

  @Override
  public String describe() {
    return switch (style) {
      case STRING -> "the string '" + text + "'";
      case INTEGER, DECIMAL -> "the number " + text;
      case BOOLEAN -> text;
      case NULL -> "no value";
      case UNRESOLVED -> "an unresolved '" + text + "'";
    };
  }
}
