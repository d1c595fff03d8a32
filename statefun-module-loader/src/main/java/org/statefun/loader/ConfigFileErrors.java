package org.statefun.loader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Describes why Flink could not read a config.yaml as "file:line:column: problem". Only the YAML
 * parser's own lines are kept: a snippet of the offending line (which may hold a password) never
 * is.
 */
final class ConfigFileErrors {
  private ConfigFileErrors() {}

  private static final Pattern MARK = Pattern.compile("^\\s*in .*, line (\\d+), column (\\d+).*$");

  static String describe(Path file, RuntimeException error) {
    Throwable deepest = error;
    while (deepest.getCause() != null && deepest.getCause() != deepest) {
      deepest = deepest.getCause();
    }
    String message = deepest.getMessage() == null ? "" : deepest.getMessage();
    List<String> said = new ArrayList<>();
    String where = "";
    for (String line : message.split("\n")) {
      Matcher mark = MARK.matcher(line);
      if (mark.matches()) {
        where = ":" + mark.group(1) + ":" + mark.group(2);
      } else if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
        said.add(line.strip());
      }
    }
    if (said.isEmpty()) {
      return file + ": " + deepest.getClass().getName();
    }
    return file + where + ": " + String.join("; ", said);
  }
}
