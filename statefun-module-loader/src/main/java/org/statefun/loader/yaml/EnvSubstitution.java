package org.statefun.loader.yaml;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in scalar values with environment variables.
 * {@code $${} writes a literal {@code ${}. An unset variable without a default is a problem.
 * Problems name variables and positions, never the value they occur in, which may hold secrets.
 */
public final class EnvSubstitution {

  private final Map<String, String> environment;

  /**
   * @param environment the variables, usually {@link System#getenv()}
   */
  public EnvSubstitution(Map<String, String> environment) {
    this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
  }

  /**
   * Substitutes every reference in {@code text}.
   *
   * @return the substituted text, or empty after adding a problem at {@code location}
   */
  public Optional<String> apply(String text, Location location, Problems problems) {
    if (!text.contains("${")) {
      return Optional.of(text);
    }
    StringBuilder out = new StringBuilder();
    boolean ok = true;
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int end = text.indexOf('}', i);
        if (end < 0) {
          // Never quote the value: it may hold a secret next to the broken reference.
          problems.add(
              location,
              "unclosed '${' at character "
                  + (i + 1)
                  + " of the value: write ${NAME} or ${NAME:-default}, or $${ for a literal ${");
          return Optional.empty();
        }
        String reference = text.substring(i + 2, end);
        int dash = reference.indexOf(":-");
        String name = dash < 0 ? reference : reference.substring(0, dash);
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
          // Quote only the leading name: what follows may be a default that holds a secret.
          String shown = leadingName(reference);
          problems.add(
              location,
              "malformed reference '${"
                  + shown
                  + (shown.length() < reference.length() ? "…" : "")
                  + "}': expected ${NAME} or ${NAME:-default} with NAME made of letters, digits and '_'");
          ok = false;
        } else {
          String value = environment.get(name);
          if (value != null) {
            out.append(value);
          } else if (dash >= 0) {
            out.append(reference.substring(dash + 2));
          } else {
            problems.add(
                location,
                "environment variable '"
                    + name
                    + "' is not set and has no default; set it, or write ${"
                    + name
                    + ":-default}");
            ok = false;
          }
        }
        i = end + 1;
      } else {
        out.append(text.charAt(i++));
      }
    }
    return ok ? Optional.of(out.toString()) : Optional.empty();
  }

  private static String leadingName(String reference) {
    int end = 0;
    while (end < reference.length()
        && (Character.isLetterOrDigit(reference.charAt(end)) || reference.charAt(end) == '_')
        && reference.charAt(end) < 128) {
      end++;
    }
    return reference.substring(0, end);
  }
}
