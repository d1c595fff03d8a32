package org.statefun.distribution.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of one {@code bin/statefun cluster} command: options with values ({@code --x v} or
 * {@code --x=v}), flags, {@code -Dkey=value} (or {@code -D key=value}) and positional arguments. An
 * option the command does not know is a {@link ClusterException}.
 */
final class ClusterArguments {

  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<String> flags = new ArrayList<>();
  private final Map<String, String> properties = new LinkedHashMap<>();
  private final List<String> positional = new ArrayList<>();

  /** Parses {@code args} of {@code command}, which takes the options {@code valued} and flags. */
  ClusterArguments(String command, List<String> args, Set<String> valued, Set<String> flagNames) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.startsWith("-D")) {
        String property = arg.length() > 2 ? arg.substring(2) : next(args, ++i, "-D", command);
        int eq = property.indexOf('=');
        if (eq <= 0) {
          throw new ClusterCommand.BadArguments("-D needs key=value, got '" + arg + "'");
        }
        properties.put(property.substring(0, eq), property.substring(eq + 1));
      } else if (arg.startsWith("--")) {
        int eq = arg.indexOf('=');
        String name = eq > 0 ? arg.substring(0, eq) : arg;
        if (valued.contains(name)) {
          values.put(name, eq > 0 ? arg.substring(eq + 1) : next(args, ++i, name, command));
        } else if (flagNames.contains(name) && eq < 0) {
          flags.add(name);
        } else {
          throw new ClusterCommand.BadArguments("unknown option '" + arg + "' for " + command);
        }
      } else {
        positional.add(arg);
      }
    }
  }

  Optional<String> value(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** The value of {@code name} as a whole number, if given. */
  Optional<Integer> number(String name) {
    return value(name)
        .map(
            v -> {
              try {
                return Integer.parseInt(v);
              } catch (NumberFormatException e) {
                throw new ClusterCommand.BadArguments(
                    name + " must be a whole number, got '" + v + "'");
              }
            });
  }

  boolean flag(String name) {
    return flags.contains(name);
  }

  Map<String, String> properties() {
    return properties;
  }

  List<String> positional() {
    return positional;
  }

  private static String next(List<String> args, int i, String option, String command) {
    if (i >= args.size()) {
      throw new ClusterCommand.BadArguments(option + " needs a value (" + command + ")");
    }
    return args.get(i);
  }
}
