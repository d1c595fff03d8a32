package org.statefun.core.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Restores values whose class can no longer read them as {@link StoredBytes}, stepping over each
 * frame. A heap backend deserializes every value while restoring, before any state is registered:
 * this keeps that restore from failing (or misreading the stream) so that registration reports the
 * change with its evolution message. A state that is not registered keeps its bytes unchanged.
 *
 * @param <T> the state's declared type; values are {@link StoredBytes} in its place
 */
final class StoredBytesSerializer<T> extends TypeSerializer<T> {
  private static final long serialVersionUID = 1L;

  // Only ever used inside a state backend, which never Java-serializes its serializers.
  private final transient StateSerializerSnapshot<T> snapshot;
  private final int fixedLength;

  StoredBytesSerializer(StateSerializerSnapshot<T> snapshot, int fixedLength) {
    this.snapshot = snapshot;
    this.fixedLength = fixedLength;
  }

  @Override
  public boolean isImmutableType() {
    return true;
  }

  @Override
  public TypeSerializer<T> duplicate() {
    return this;
  }

  @Override
  public T createInstance() {
    return null;
  }

  @Override
  public T copy(T from) {
    return from;
  }

  @Override
  public T copy(T from, T reuse) {
    return from;
  }

  @Override
  public int getLength() {
    return fixedLength;
  }

  @Override
  public void serialize(T record, DataOutputView target) throws IOException {
    byte[] bytes = ((StoredBytes) record).bytes();
    if (fixedLength < 0) {
      Frames.writeLength(target, bytes.length);
    }
    target.write(bytes);
  }

  @Override
  @SuppressWarnings("unchecked")
  public T deserialize(DataInputView source) throws IOException {
    byte[] bytes = new byte[fixedLength >= 0 ? fixedLength : Frames.readLength(source)];
    source.readFully(bytes);
    return (T) new StoredBytes(bytes);
  }

  @Override
  public T deserialize(T reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    int length = fixedLength >= 0 ? fixedLength : Frames.readLength(source);
    if (fixedLength < 0) {
      Frames.writeLength(target, length);
    }
    target.write(source, length);
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof StoredBytesSerializer<?> other && other.snapshot == snapshot;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(snapshot);
  }

  @Override
  public TypeSerializerSnapshot<T> snapshotConfiguration() {
    return snapshot;
  }
}
