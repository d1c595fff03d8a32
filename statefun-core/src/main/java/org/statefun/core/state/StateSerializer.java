package org.statefun.core.state;

import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The serializer of every user state (a value, a table's keys and values, a buffer's elements): it
 * writes with the serializer Flink picks for the declared class, names the function type and state
 * in every failure, and snapshots the class's field schema so a restore can check the evolution
 * (see {@link StateSerializerSnapshot}).
 *
 * <p>Variable-length values carry a length prefix ({@link Frames}), so a restore can step over
 * values whose class no longer reads them.
 *
 * @param <T> the declared type
 */
public final class StateSerializer<T> extends TypeSerializer<T> {
  private static final long serialVersionUID = 1L;

  /** A frame buffer above this size is dropped after use instead of being kept for the next. */
  private static final int KEPT_BUFFER_BYTES = 1 << 20;

  private final StateId id;
  private final String declaredClass;
  private final StateSchema schema;
  private final TypeSerializer<T> inner;
  private final int fixedLength;

  /** For a serializer restored from a snapshot: that snapshot, reported again unchanged. */
  private final transient StateSerializerSnapshot<T> restoredFrom;

  private transient DataOutputSerializer frame;

  StateSerializer(
      StateId id,
      String declaredClass,
      StateSchema schema,
      TypeSerializer<T> inner,
      int fixedLength,
      StateSerializerSnapshot<T> restoredFrom) {
    this.id = Objects.requireNonNull(id);
    this.declaredClass = Objects.requireNonNull(declaredClass);
    this.schema = Objects.requireNonNull(schema);
    this.inner = Objects.requireNonNull(inner);
    this.fixedLength = fixedLength;
    this.restoredFrom = restoredFrom;
  }

  /** A serializer for a state now declared with {@code inner}'s type. */
  static <T> StateSerializer<T> create(
      StateId id, Class<T> declaredClass, StateSchema schema, TypeSerializer<T> inner) {
    return new StateSerializer<>(
        id, declaredClass.getName(), schema, inner, inner.getLength(), null);
  }

  StateId id() {
    return id;
  }

  String declaredClass() {
    return declaredClass;
  }

  StateSchema schema() {
    return schema;
  }

  TypeSerializer<T> inner() {
    return inner;
  }

  int fixedLength() {
    return fixedLength;
  }

  /**
   * Writes {@code value} and reads it back with the inner serializer, as a snapshot and a restore
   * would.
   *
   * @throws StateAccessException naming the state, the value's class and the failing field
   */
  void checkRoundTrip(T value) {
    try {
      DataOutputSerializer out = new DataOutputSerializer(64);
      inner.serialize(value, out);
      inner.deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
    } catch (IOException | RuntimeException | LinkageError e) {
      throw StateAccessException.unserializable(id, value.getClass(), e);
    }
  }

  @Override
  public boolean isImmutableType() {
    return inner.isImmutableType();
  }

  @Override
  public StateSerializer<T> duplicate() {
    // Always a new instance: the frame buffer belongs to one thread.
    return new StateSerializer<>(
        id, declaredClass, schema, inner.duplicate(), fixedLength, restoredFrom);
  }

  @Override
  public T createInstance() {
    return inner.createInstance();
  }

  @Override
  public T copy(T from) {
    try {
      return inner.copy(from);
    } catch (RuntimeException e) {
      throw StateAccessException.unserializable(id, classOf(from), e);
    }
  }

  @Override
  public T copy(T from, T reuse) {
    try {
      return inner.copy(from, reuse);
    } catch (RuntimeException e) {
      throw StateAccessException.unserializable(id, classOf(from), e);
    }
  }

  @Override
  public int getLength() {
    return fixedLength;
  }

  @Override
  public void serialize(T value, DataOutputView target) throws IOException {
    if (fixedLength >= 0) {
      try {
        inner.serialize(value, target);
      } catch (RuntimeException e) {
        throw StateAccessException.unserializable(id, classOf(value), e);
      }
      return;
    }
    DataOutputSerializer buffer = frame != null ? frame : new DataOutputSerializer(128);
    frame = null; // taken while in use, in case the inner serializer re-enters
    buffer.clear();
    try {
      inner.serialize(value, buffer);
    } catch (IOException | RuntimeException e) {
      // Here the target is untouched: the failure is the value's, and is named as such.
      throw StateAccessException.unserializable(id, classOf(value), e);
    }
    Frames.writeLength(target, buffer.length());
    target.write(buffer.getSharedBuffer(), 0, buffer.length());
    if (buffer.getSharedBuffer().length <= KEPT_BUFFER_BYTES) {
      frame = buffer;
    }
  }

  @Override
  public T deserialize(DataInputView source) throws IOException {
    if (fixedLength < 0) {
      Frames.readLength(source);
    }
    try {
      return inner.deserialize(source);
    } catch (RuntimeException e) {
      throw StateAccessException.unreadable(id, declaredClass, e);
    }
  }

  @Override
  public T deserialize(T reuse, DataInputView source) throws IOException {
    if (fixedLength < 0) {
      Frames.readLength(source);
    }
    try {
      return inner.deserialize(reuse, source);
    } catch (RuntimeException e) {
      throw StateAccessException.unreadable(id, declaredClass, e);
    }
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    if (fixedLength >= 0) {
      inner.copy(source, target);
      return;
    }
    int length = Frames.readLength(source);
    Frames.writeLength(target, length);
    target.write(source, length);
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof StateSerializer<?> other
        && id.equals(other.id)
        && declaredClass.equals(other.declaredClass)
        && fixedLength == other.fixedLength
        && inner.equals(other.inner);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, declaredClass, inner);
  }

  @Override
  public TypeSerializerSnapshot<T> snapshotConfiguration() {
    return restoredFrom != null ? restoredFrom : new StateSerializerSnapshot<>(this);
  }

  private static Class<?> classOf(Object value) {
    return value == null ? Void.class : value.getClass();
  }

  @Override
  public String toString() {
    return "StateSerializer{" + id.describe() + ", " + declaredClass + " via " + inner + "}";
  }
}
