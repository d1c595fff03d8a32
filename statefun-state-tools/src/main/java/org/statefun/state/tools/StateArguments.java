package org.statefun.state.tools;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The arguments of {@code bin/statefun state inspect|bootstrap}: one command, at most one
 * positional argument, and options given as {@code --name value} or {@code --name=value}.
 *
 * @param command {@code inspect} or {@code bootstrap}
 * @param positional the one argument that is not an option, if any
 * @param options option name (without dashes) → value
 * @param help whether {@code --help} was given
 */
public record StateArguments(
    String command, Optional<String> positional, Map<String, String> options, boolean help) {

  /** The options each command takes. */
  private static final Map<String, List<String>> OPTIONS =
      Map.of(
          "inspect", List.of("modules", "type", "id", "state"),
          "bootstrap", List.of("modules", "input", "out", "max-parallelism"));

  /**
   * Parses {@code args} (the command first).
   *
   * @throws StateToolException (exit code 2) naming the argument that is wrong
   */
  public static StateArguments parse(String... args) {
    if (args.length == 0) {
      throw usage("a command is missing: inspect or bootstrap");
    }
    String command = args[0];
    if (command.equals("--help") || command.equals("-h")) {
      return new StateArguments("", Optional.empty(), Map.of(), true);
    }
    List<String> known = OPTIONS.get(command);
    if (known == null) {
      throw usage("unknown command '" + command + "': use inspect or bootstrap");
    }
    Map<String, String> options = new LinkedHashMap<>();
    String positional = null;
    boolean help = false;
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
        continue;
      }
      if (!arg.startsWith("--")) {
        if (positional != null || !command.equals("inspect")) {
          throw usage("unexpected argument '" + arg + "'");
        }
        positional = arg;
        continue;
      }
      String name = arg.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw usage("option --" + name + " needs a value");
      }
      if (!known.contains(name)) {
        throw usage("unknown option --" + name + " for state " + command);
      }
      if (options.put(name, value) != null) {
        throw usage("option --" + name + " is given twice");
      }
    }
    return new StateArguments(command, Optional.ofNullable(positional), options, help);
  }

  /** The value of a required option. */
  public String required(String name) {
    String value = options.get(name);
    if (value == null || value.isBlank()) {
      throw usage("state " + command + " needs --" + name);
    }
    return value;
  }

  public Optional<String> option(String name) {
    return Optional.ofNullable(options.get(name));
  }

  private static StateToolException usage(String message) {
    return new StateToolException(
        "statefun state: " + message + " (bin/statefun state --help)", StateToolException.USAGE);
  }
}
