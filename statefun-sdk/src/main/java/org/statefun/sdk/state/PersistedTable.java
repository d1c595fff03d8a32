package org.statefun.sdk.state;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A persisted map of an address. Use as a {@link Persisted @Persisted} field:
 *
 * <pre>{@code
 * @Persisted
 * private final PersistedTable<String, Integer> items =
 *     PersistedTable.of("items", String.class, Integer.class);
 * }</pre>
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class PersistedTable<K, V> {

  /** Reads and writes the table of the current address. Implemented by the runtime. */
  public interface Accessor<K, V> {
    V get(K key);

    void set(K key, V value);

    void remove(K key);

    Iterable<Map.Entry<K, V>> entries();

    Iterable<K> keys();

    Iterable<V> values();

    void clear();
  }

  private final String name;
  private final Class<K> keyType;
  private final Class<V> valueType;
  private final Expiration expiration;
  private Accessor<K, V> accessor;

  private PersistedTable(String name, Class<K> keyType, Class<V> valueType, Expiration expiration) {
    this.name = StateNames.requireValid(name);
    this.keyType = Objects.requireNonNull(keyType, "keyType");
    this.valueType = Objects.requireNonNull(valueType, "valueType");
    this.expiration = Objects.requireNonNull(expiration, "expiration");
    this.accessor = new InMemoryTable<>();
  }

  /** A table named {@code name}, never expiring. */
  public static <K, V> PersistedTable<K, V> of(String name, Class<K> keyType, Class<V> valueType) {
    return new PersistedTable<>(name, keyType, valueType, Expiration.none());
  }

  /** A table named {@code name} whose entries expire as {@code expiration} says. */
  public static <K, V> PersistedTable<K, V> of(
      String name, Class<K> keyType, Class<V> valueType, Expiration expiration) {
    return new PersistedTable<>(name, keyType, valueType, expiration);
  }

  public String name() {
    return name;
  }

  public Class<K> keyType() {
    return keyType;
  }

  public Class<V> valueType() {
    return valueType;
  }

  public Expiration expiration() {
    return expiration;
  }

  /** The value under {@code key}, or {@code null}. */
  public V get(K key) {
    return accessor.get(key);
  }

  /** Puts {@code value} under {@code key}; a {@code null} value removes the key. */
  public void set(K key, V value) {
    if (value == null) {
      accessor.remove(key);
    } else {
      accessor.set(key, value);
    }
  }

  public void remove(K key) {
    accessor.remove(key);
  }

  /** All entries; do not modify the table while iterating. */
  public Iterable<Map.Entry<K, V>> entries() {
    return accessor.entries();
  }

  public Iterable<K> keys() {
    return accessor.keys();
  }

  public Iterable<V> values() {
    return accessor.values();
  }

  public void clear() {
    accessor.clear();
  }

  void bind(Accessor<K, V> accessor) {
    this.accessor = Objects.requireNonNull(accessor, "accessor");
  }

  @Override
  public String toString() {
    return "PersistedTable{" + name + ": " + keyType.getName() + " -> " + valueType.getName() + '}';
  }

  private static final class InMemoryTable<K, V> implements Accessor<K, V> {
    private final Map<K, V> map = new HashMap<>();

    @Override
    public V get(K key) {
      return map.get(key);
    }

    @Override
    public void set(K key, V value) {
      map.put(key, value);
    }

    @Override
    public void remove(K key) {
      map.remove(key);
    }

    @Override
    public Iterable<Map.Entry<K, V>> entries() {
      return List.copyOf(map.entrySet());
    }

    @Override
    public Iterable<K> keys() {
      return List.copyOf(map.keySet());
    }

    @Override
    public Iterable<V> values() {
      return List.copyOf(map.values());
    }

    @Override
    public void clear() {
      map.clear();
    }
  }
}
