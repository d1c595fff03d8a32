package org.statefun.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.statefun.sdk.state.Expiration;
import org.statefun.sdk.state.PersistedAppendingBuffer;
import org.statefun.sdk.state.PersistedTable;
import org.statefun.sdk.state.PersistedValue;

/**
 * The in-memory state of a harness: one store per state name, each holding the state of every
 * address id, with expiration following the harness clock as Flink's state TTL does (expired state
 * reads as absent; values, table entries and buffer elements each carry their own timestamp).
 */
final class States {
  private States() {}

  /** What the stores need from the harness. */
  interface Scope {
    /** The id of the address being invoked; throws outside an invocation. */
    String currentId(String stateName);

    Instant now();
  }

  /** A value with the time it was last refreshed. */
  static final class Entry<T> {
    final T value;
    Instant touched;

    Entry(T value, Instant touched) {
      this.value = value;
      this.touched = touched;
    }
  }

  /** The state of one name for every address id. */
  abstract static class Store {
    final String name;
    final Expiration expiration;
    final Scope scope;

    Store(String name, Expiration expiration, Scope scope) {
      this.name = name;
      this.expiration = expiration;
      this.scope = scope;
    }

    abstract String kind();

    abstract boolean isEmpty(String id);

    boolean expired(Entry<?> entry) {
      return expiration.mode() != Expiration.Mode.NONE
          && !scope.now().isBefore(entry.touched.plus(expiration.duration()));
    }

    void touchOnRead(Entry<?> entry) {
      if (expiration.mode() == Expiration.Mode.AFTER_READ_OR_WRITE) {
        entry.touched = scope.now();
      }
    }

    void check(Class<?> type, Object value, String what) {
      if (!type.isPrimitive() && value != null && !type.isInstance(value)) {
        throw new IllegalArgumentException(
            "Persisted state '"
                + name
                + "' holds "
                + what
                + " of type "
                + type.getName()
                + ", but the function wrote a "
                + value.getClass().getName());
      }
    }
  }

  /** A {@link PersistedValue} per address. */
  static final class ValueStore<T> extends Store implements PersistedValue.Accessor<T> {
    private final Class<T> type;
    private final Map<String, Entry<T>> byId = new LinkedHashMap<>();

    ValueStore(PersistedValue<T> value, Scope scope) {
      super(value.name(), value.expiration(), scope);
      this.type = value.type();
    }

    @Override
    String kind() {
      return "value";
    }

    @Override
    public T get() {
      Entry<T> entry = live(scope.currentId(name));
      if (entry == null) {
        return null;
      }
      touchOnRead(entry);
      return entry.value;
    }

    @Override
    public void set(T value) {
      put(scope.currentId(name), value);
    }

    @Override
    public void clear() {
      byId.remove(scope.currentId(name));
    }

    T peek(String id) {
      Entry<T> entry = live(id);
      return entry == null ? null : entry.value;
    }

    void put(String id, T value) {
      check(type, value, "values");
      byId.put(id, new Entry<>(value, scope.now()));
    }

    @Override
    boolean isEmpty(String id) {
      return live(id) == null;
    }

    private Entry<T> live(String id) {
      Entry<T> entry = byId.get(id);
      if (entry != null && expired(entry)) {
        byId.remove(id);
        return null;
      }
      return entry;
    }
  }

  /** A {@link PersistedTable} per address; every entry expires on its own. */
  static final class TableStore<K, V> extends Store implements PersistedTable.Accessor<K, V> {
    private final Class<K> keyType;
    private final Class<V> valueType;
    private final Map<String, LinkedHashMap<K, Entry<V>>> byId = new LinkedHashMap<>();

    TableStore(PersistedTable<K, V> table, Scope scope) {
      super(table.name(), table.expiration(), scope);
      this.keyType = table.keyType();
      this.valueType = table.valueType();
    }

    @Override
    String kind() {
      return "table";
    }

    @Override
    public V get(K key) {
      Map<K, Entry<V>> table = live(scope.currentId(name));
      Entry<V> entry = table.get(key);
      if (entry == null) {
        return null;
      }
      touchOnRead(entry);
      return entry.value;
    }

    @Override
    public void set(K key, V value) {
      put(scope.currentId(name), key, value);
    }

    @Override
    public void remove(K key) {
      live(scope.currentId(name)).remove(key);
    }

    @Override
    public Iterable<Map.Entry<K, V>> entries() {
      List<Map.Entry<K, V>> entries = new ArrayList<>();
      for (Map.Entry<K, Entry<V>> e : live(scope.currentId(name)).entrySet()) {
        touchOnRead(e.getValue());
        entries.add(Map.entry(e.getKey(), e.getValue().value));
      }
      return entries;
    }

    @Override
    public Iterable<K> keys() {
      List<K> keys = new ArrayList<>();
      entries().forEach(e -> keys.add(e.getKey()));
      return keys;
    }

    @Override
    public Iterable<V> values() {
      List<V> values = new ArrayList<>();
      entries().forEach(e -> values.add(e.getValue()));
      return values;
    }

    @Override
    public void clear() {
      byId.remove(scope.currentId(name));
    }

    Map<K, V> peek(String id) {
      Map<K, V> copy = new LinkedHashMap<>();
      live(id).forEach((k, e) -> copy.put(k, e.value));
      return copy;
    }

    void put(String id, K key, V value) {
      check(keyType, key, "keys");
      check(valueType, value, "values");
      byId.computeIfAbsent(id, i -> new LinkedHashMap<>())
          .put(key, new Entry<>(value, scope.now()));
    }

    @Override
    boolean isEmpty(String id) {
      return live(id).isEmpty();
    }

    private Map<K, Entry<V>> live(String id) {
      LinkedHashMap<K, Entry<V>> table = byId.computeIfAbsent(id, i -> new LinkedHashMap<>());
      table.values().removeIf(this::expired);
      return table;
    }
  }

  /** A {@link PersistedAppendingBuffer} per address; every element expires on its own. */
  static final class BufferStore<T> extends Store implements PersistedAppendingBuffer.Accessor<T> {
    private final Class<T> elementType;
    private final Map<String, List<Entry<T>>> byId = new LinkedHashMap<>();

    BufferStore(PersistedAppendingBuffer<T> buffer, Scope scope) {
      super(buffer.name(), buffer.expiration(), scope);
      this.elementType = buffer.elementType();
    }

    @Override
    String kind() {
      return "appending buffer";
    }

    @Override
    public void append(T element) {
      add(scope.currentId(name), element);
    }

    @Override
    public void appendAll(List<T> elements) {
      String id = scope.currentId(name);
      elements.forEach(e -> add(id, e));
    }

    @Override
    public void replaceWith(List<T> elements) {
      String id = scope.currentId(name);
      byId.remove(id);
      elements.forEach(e -> add(id, e));
    }

    @Override
    public Iterable<T> view() {
      List<T> view = new ArrayList<>();
      for (Entry<T> entry : live(scope.currentId(name))) {
        touchOnRead(entry);
        view.add(entry.value);
      }
      return view;
    }

    @Override
    public void clear() {
      byId.remove(scope.currentId(name));
    }

    List<T> peek(String id) {
      List<T> copy = new ArrayList<>();
      live(id).forEach(e -> copy.add(e.value));
      return copy;
    }

    void add(String id, T element) {
      check(elementType, element, "elements");
      byId.computeIfAbsent(id, i -> new ArrayList<>()).add(new Entry<>(element, scope.now()));
    }

    @Override
    boolean isEmpty(String id) {
      return live(id).isEmpty();
    }

    private List<Entry<T>> live(String id) {
      List<Entry<T>> list = byId.computeIfAbsent(id, i -> new ArrayList<>());
      for (Iterator<Entry<T>> it = list.iterator(); it.hasNext(); ) {
        if (expired(it.next())) {
          it.remove();
        }
      }
      return list;
    }
  }
}
