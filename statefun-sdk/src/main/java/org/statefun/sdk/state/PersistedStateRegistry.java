package org.statefun.sdk.state;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Persisted values that a function registers while it runs, for state whose names are only known at
 * run time (remote functions learn theirs from the function's SDK). Use as a {@link
 * Persisted @Persisted} field, at most one per function:
 *
 * <pre>{@code
 * @Persisted
 * private final PersistedStateRegistry dynamic = new PersistedStateRegistry();
 *
 * PersistedValue<byte[]> seen = dynamic.register(PersistedValue.of("seen", byte[].class));
 * }</pre>
 *
 * <p>A registered value behaves like a {@code @Persisted} field: it follows the current address and
 * honours its {@link Expiration}. Registrations survive failures: after a restore, {@link
 * #values()} holds every value registered before the checkpoint, on every worker.
 */
public final class PersistedStateRegistry {

  /** Binds registered values to the runtime's state. Implemented by the runtime. */
  public interface Registrar {
    /** Binds {@code value} to persisted state; called once per name. */
    <T> void register(PersistedValue<T> value);
  }

  private final Map<String, PersistedValue<?>> values = new LinkedHashMap<>();
  private Registrar registrar =
      new Registrar() {
        @Override
        public <T> void register(PersistedValue<T> value) {}
      };

  /**
   * Registers {@code value} and returns it, or returns the value already registered under its name.
   *
   * @throws IllegalArgumentException when a value of that name is registered with another type or
   *     expiration
   */
  public <T> PersistedValue<T> register(PersistedValue<T> value) {
    Objects.requireNonNull(value, "value");
    PersistedValue<?> existing = values.get(value.name());
    if (existing == null) {
      registrar.register(value);
      values.put(value.name(), value);
      return value;
    }
    if (!existing.type().equals(value.type())
        || !existing.expiration().equals(value.expiration())) {
      throw new IllegalArgumentException(
          "Persisted value '"
              + value.name()
              + "' is registered as "
              + describe(existing)
              + " and cannot be registered again as "
              + describe(value));
    }
    @SuppressWarnings("unchecked")
    PersistedValue<T> same = (PersistedValue<T>) existing;
    return same;
  }

  /** The value registered under {@code name}, if any. */
  public Optional<PersistedValue<?>> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** Every registered value, in registration order. */
  public Collection<PersistedValue<?>> values() {
    return Collections.unmodifiableCollection(values.values());
  }

  void bind(Registrar registrar) {
    this.registrar = Objects.requireNonNull(registrar, "registrar");
  }

  private static String describe(PersistedValue<?> value) {
    return value.type().getName() + " with expiration " + value.expiration();
  }
}
