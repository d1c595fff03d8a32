package org.statefun.sdk.state;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A single persisted value of an address. Use as a {@link Persisted @Persisted} field:
 *
 * <pre>{@code
 * @Persisted
 * private final PersistedValue<Integer> visits = PersistedValue.of("visits", Integer.class);
 * }</pre>
 *
 * <p>Until the runtime binds it, the value lives in memory, which makes functions testable as plain
 * objects.
 *
 * @param <T> the value type
 */
public final class PersistedValue<T> {

  /** Reads and writes the value of the current address. Implemented by the runtime. */
  public interface Accessor<T> {
    T get();

    void set(T value);

    void clear();
  }

  private final String name;
  private final Class<T> type;
  private final Expiration expiration;
  private Accessor<T> accessor;

  private PersistedValue(String name, Class<T> type, Expiration expiration) {
    this.name = StateNames.requireValid(name);
    this.type = Objects.requireNonNull(type, "type");
    this.expiration = Objects.requireNonNull(expiration, "expiration");
    this.accessor = new InMemoryValue<>();
  }

  /** A value named {@code name} holding {@code type}, never expiring. */
  public static <T> PersistedValue<T> of(String name, Class<T> type) {
    return new PersistedValue<>(name, type, Expiration.none());
  }

  /** A value named {@code name} holding {@code type}, expiring as {@code expiration} says. */
  public static <T> PersistedValue<T> of(String name, Class<T> type, Expiration expiration) {
    return new PersistedValue<>(name, type, expiration);
  }

  public String name() {
    return name;
  }

  public Class<T> type() {
    return type;
  }

  public Expiration expiration() {
    return expiration;
  }

  /** The current value, or {@code null} when none was set (or it expired). */
  public T get() {
    return accessor.get();
  }

  /** Sets the value; {@code null} clears it. */
  public void set(T value) {
    if (value == null) {
      accessor.clear();
    } else {
      accessor.set(value);
    }
  }

  public void clear() {
    accessor.clear();
  }

  /** The current value, or {@code defaultValue} when none is set. */
  public T getOrDefault(T defaultValue) {
    T value = accessor.get();
    return value != null ? value : defaultValue;
  }

  /** Replaces the value with {@code update.apply(current)} and returns the new value. */
  public T updateAndGet(UnaryOperator<T> update) {
    T updated = update.apply(accessor.get());
    set(updated);
    return updated;
  }

  void bind(Accessor<T> accessor) {
    this.accessor = Objects.requireNonNull(accessor, "accessor");
  }

  @Override
  public String toString() {
    return "PersistedValue{" + name + ": " + type.getName() + '}';
  }

  private static final class InMemoryValue<T> implements Accessor<T> {
    private T value;

    @Override
    public T get() {
      return value;
    }

    @Override
    public void set(T value) {
      this.value = value;
    }

    @Override
    public void clear() {
      value = null;
    }
  }
}
