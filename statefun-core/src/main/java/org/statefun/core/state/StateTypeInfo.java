package org.statefun.core.state;

import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.statefun.core.message.SerializerBackedTypeInfo;

/**
 * The type information of a user state: Flink's own for the declared class, whose serializer is
 * wrapped in a {@link StateSerializer}. Flink creates the serializer with the job's serializer
 * configuration (Kryo registrations and the like) when the state is registered.
 *
 * @param <T> the declared type
 */
final class StateTypeInfo<T> extends SerializerBackedTypeInfo<T> {
  private static final long serialVersionUID = 1L;

  private final StateId id;
  private final TypeInformation<T> flinkInfo;

  private StateTypeInfo(StateId id, TypeInformation<T> flinkInfo) {
    this.id = id;
    this.flinkInfo = flinkInfo;
  }

  static <T> StateTypeInfo<T> of(StateId id, Class<T> declaredClass) {
    return new StateTypeInfo<>(id, TypeInformation.of(declaredClass));
  }

  @Override
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    TypeSerializer<T> inner = flinkInfo.createSerializer(config);
    boolean kryoOnly = inner instanceof KryoSerializer || flinkInfo instanceof GenericTypeInfo;
    return StateSerializer.create(
        id, flinkInfo.getTypeClass(), SchemaWalker.of(flinkInfo, kryoOnly), inner);
  }

  @Override
  public Class<T> getTypeClass() {
    return flinkInfo.getTypeClass();
  }

  @Override
  public String toString() {
    return "StateType<" + id.describe() + ": " + flinkInfo + ">";
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof StateTypeInfo<?> other
        && other.canEqual(this)
        && id.equals(other.id)
        && flinkInfo.equals(other.flinkInfo);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, flinkInfo);
  }

  @Override
  public boolean canEqual(Object obj) {
    return obj instanceof StateTypeInfo;
  }
}
