package org.statefun.sdk.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A persisted list of an address that is cheap to append to. Use as a {@link Persisted @Persisted}
 * field:
 *
 * <pre>{@code
 * @Persisted
 * private final PersistedAppendingBuffer<String> log =
 *     PersistedAppendingBuffer.of("log", String.class);
 * }</pre>
 *
 * @param <T> the element type
 */
public final class PersistedAppendingBuffer<T> {

  /** Reads and writes the buffer of the current address. Implemented by the runtime. */
  public interface Accessor<T> {
    void append(T element);

    void appendAll(List<T> elements);

    void replaceWith(List<T> elements);

    Iterable<T> view();

    void clear();
  }

  private final String name;
  private final Class<T> elementType;
  private final Expiration expiration;
  private Accessor<T> accessor;

  private PersistedAppendingBuffer(String name, Class<T> elementType, Expiration expiration) {
    this.name = StateNames.requireValid(name);
    this.elementType = Objects.requireNonNull(elementType, "elementType");
    this.expiration = Objects.requireNonNull(expiration, "expiration");
    this.accessor = new InMemoryBuffer<>();
  }

  /** A buffer named {@code name}, never expiring. */
  public static <T> PersistedAppendingBuffer<T> of(String name, Class<T> elementType) {
    return new PersistedAppendingBuffer<>(name, elementType, Expiration.none());
  }

  /** A buffer named {@code name} that expires as {@code expiration} says. */
  public static <T> PersistedAppendingBuffer<T> of(
      String name, Class<T> elementType, Expiration expiration) {
    return new PersistedAppendingBuffer<>(name, elementType, expiration);
  }

  public String name() {
    return name;
  }

  public Class<T> elementType() {
    return elementType;
  }

  public Expiration expiration() {
    return expiration;
  }

  /** Appends one element; {@code null} is rejected. */
  public void append(T element) {
    accessor.append(Objects.requireNonNull(element, "element"));
  }

  /** Appends every element of {@code elements} in order. */
  public void appendAll(List<T> elements) {
    if (!elements.isEmpty()) {
      accessor.appendAll(elements);
    }
  }

  /** The elements in append order; empty when nothing was appended. */
  public Iterable<T> view() {
    return accessor.view();
  }

  /** Replaces the whole buffer with {@code elements}; an empty list clears it. */
  public void replaceWith(List<T> elements) {
    if (elements.isEmpty()) {
      accessor.clear();
    } else {
      accessor.replaceWith(elements);
    }
  }

  public void clear() {
    accessor.clear();
  }

  void bind(Accessor<T> accessor) {
    this.accessor = Objects.requireNonNull(accessor, "accessor");
  }

  @Override
  public String toString() {
    return "PersistedAppendingBuffer{" + name + ": " + elementType.getName() + '}';
  }

  private static final class InMemoryBuffer<T> implements Accessor<T> {
    private final List<T> list = new ArrayList<>();

    @Override
    public void append(T element) {
      list.add(element);
    }

    @Override
    public void appendAll(List<T> elements) {
      list.addAll(elements);
    }

    @Override
    public void replaceWith(List<T> elements) {
      list.clear();
      list.addAll(elements);
    }

    @Override
    public Iterable<T> view() {
      return List.copyOf(list);
    }

    @Override
    public void clear() {
      list.clear();
    }
  }
}
