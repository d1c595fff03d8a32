package org.statefun.core.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.state.Expiration;
import org.statefun.sdk.state.PersistedValue;

/**
 * The values that functions of one subtask registered at run time through a {@code
 * PersistedStateRegistry}, including those restored from a checkpoint. A checkpoint writes them all
 * (see {@link #encoded()}), so that after a restore every worker registers them again before the
 * first invocation, and they keep their type and expiration.
 */
public final class DynamicStates {

  /** One registration: function type, state name, value class and expiration. */
  public record Registration(
      FunctionType type, String name, String className, Expiration expiration) {

    static Registration of(FunctionType type, PersistedValue<?> value) {
      return new Registration(type, value.name(), value.type().getName(), value.expiration());
    }

    String encode() {
      return String.join(
          "\t",
          type.namespace(),
          type.name(),
          name,
          className,
          expiration.mode().name(),
          Long.toString(expiration.duration().toMillis()));
    }

    static Registration decode(String line) {
      String[] parts = line.split("\t", -1);
      if (parts.length != 6) {
        throw new IllegalStateException("Malformed dynamic state registration: " + line);
      }
      Expiration.Mode mode = Expiration.Mode.valueOf(parts[4]);
      Expiration expiration =
          mode == Expiration.Mode.NONE
              ? Expiration.none()
              : new Expiration(mode, Duration.ofMillis(Long.parseLong(parts[5])));
      return new Registration(new FunctionType(parts[0], parts[1]), parts[2], parts[3], expiration);
    }

    /** This registration as a value, its class loaded through {@code loader}. */
    PersistedValue<?> toValue(ClassLoader loader) {
      try {
        return PersistedValue.of(name, Class.forName(className, false, loader), expiration);
      } catch (ClassNotFoundException e) {
        throw new StateBindingException(
            "Function type "
                + type
                + ": persisted value '"
                + name
                + "' was registered with class "
                + className
                + ", which is no longer on the class path",
            e);
      }
    }
  }

  private final Set<Registration> registrations = new LinkedHashSet<>();

  /** Adds registrations read from a checkpoint (every subtask's, so duplicates are expected). */
  public void restore(Iterable<String> encoded) {
    for (String line : encoded) {
      registrations.add(Registration.decode(line));
    }
  }

  void add(FunctionType type, PersistedValue<?> value) {
    registrations.add(Registration.of(type, value));
  }

  List<Registration> of(FunctionType type) {
    List<Registration> result = new ArrayList<>();
    for (Registration r : registrations) {
      if (r.type().equals(type)) {
        result.add(r);
      }
    }
    return result;
  }

  /** Every registration, encoded for operator state. */
  public Collection<String> encoded() {
    List<String> lines = new ArrayList<>(registrations.size());
    registrations.forEach(r -> lines.add(r.encode()));
    return lines;
  }
}
