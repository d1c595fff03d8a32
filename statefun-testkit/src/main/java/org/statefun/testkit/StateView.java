package org.statefun.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.statefun.sdk.Address;

/**
 * The persisted state of one address in a {@link FunctionHarness}, by state name (the name given to
 * {@code PersistedValue.of}, {@code PersistedTable.of}, {@code PersistedAppendingBuffer.of} or
 * registered in a {@code PersistedStateRegistry}).
 *
 * <p>Reading through a view shows what the function would read now on the harness clock (expired
 * state is absent) but does not refresh expiration, so inspecting state never changes a test's
 * outcome. Writing through a view seeds state before an invocation, as if the function had written
 * it at {@link FunctionHarness#now()}.
 */
public final class StateView {

  private final Address address;
  private final Map<String, States.Store> stores;

  StateView(Address address, Map<String, States.Store> stores) {
    this.address = address;
    this.stores = stores;
  }

  /** The address whose state this is. */
  public Address address() {
    return address;
  }

  /** The names of the function's states (declared and dynamically registered so far). */
  public Set<String> names() {
    return Set.copyOf(stores.keySet());
  }

  /** Whether every state of the address is empty (or expired). */
  public boolean isEmpty() {
    return stores.values().stream().allMatch(s -> s.isEmpty(address.id()));
  }

  /** The value of {@code PersistedValue} {@code name}, or {@code null} when unset or expired. */
  public Object value(String name) {
    return store(name, States.ValueStore.class).peek(address.id());
  }

  /** As {@link #value(String)}, cast to {@code type}. */
  public <T> T value(String name, Class<T> type) {
    return type.cast(value(name));
  }

  /** The live entries of {@code PersistedTable} {@code name}, in insertion order; a copy. */
  @SuppressWarnings("unchecked")
  public <K, V> Map<K, V> table(String name) {
    return (Map<K, V>) store(name, States.TableStore.class).peek(address.id());
  }

  /** The live elements of {@code PersistedAppendingBuffer} {@code name}, in order; a copy. */
  @SuppressWarnings("unchecked")
  public <T> List<T> buffer(String name) {
    return (List<T>) store(name, States.BufferStore.class).peek(address.id());
  }

  /** Sets {@code PersistedValue} {@code name} to {@code value}; returns this view. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public StateView setValue(String name, Object value) {
    States.ValueStore store = store(name, States.ValueStore.class);
    if (value == null) {
      throw new IllegalArgumentException("Seed a value with a non-null value");
    }
    store.put(address.id(), value);
    return this;
  }

  /** Puts {@code key → value} into {@code PersistedTable} {@code name}; returns this view. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public StateView put(String name, Object key, Object value) {
    States.TableStore store = store(name, States.TableStore.class);
    store.put(address.id(), Objects.requireNonNull(key, "key"), Objects.requireNonNull(value));
    return this;
  }

  /** Appends {@code elements} to {@code PersistedAppendingBuffer} {@code name}; returns this. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public StateView append(String name, Object... elements) {
    States.BufferStore store = store(name, States.BufferStore.class);
    Arrays.stream(elements).forEach(e -> store.add(address.id(), Objects.requireNonNull(e)));
    return this;
  }

  private <S extends States.Store> S store(String name, Class<S> kind) {
    States.Store store = stores.get(name);
    if (store == null) {
      throw new IllegalArgumentException(
          "Function type "
              + address.type()
              + " has no persisted state named '"
              + name
              + "'; its states are "
              + stores.keySet());
    }
    if (!kind.isInstance(store)) {
      throw new IllegalArgumentException(
          "Persisted state '" + name + "' of " + address.type() + " is a " + store.kind());
    }
    return kind.cast(store);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("state of ").append(address).append(" {");
    String separator = "";
    for (States.Store store : stores.values()) {
      Object content =
          store instanceof States.ValueStore<?> v
              ? v.peek(address.id())
              : store instanceof States.TableStore<?, ?> t
                  ? t.peek(address.id())
                  : ((States.BufferStore<?>) store).peek(address.id());
      text.append(separator).append(store.name).append('=').append(content);
      separator = ", ";
    }
    return text.append('}').toString();
  }
}
