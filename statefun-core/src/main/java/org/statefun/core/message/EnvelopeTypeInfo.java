package org.statefun.core.message;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink type information for {@link Envelope}, backed by {@link EnvelopeSerializer}. */
public final class EnvelopeTypeInfo extends SerializerBackedTypeInfo<Envelope> {

  private static final long serialVersionUID = 1L;

  private final FunctionTypeTable types;

  /** For the network edges of a job whose function types are {@code types}. */
  public EnvelopeTypeInfo(FunctionTypeTable types) {
    this.types = types;
  }

  @Override
  public Class<Envelope> getTypeClass() {
    return Envelope.class;
  }

  @Override
  public TypeSerializer<Envelope> createSerializer(SerializerConfig config) {
    return new EnvelopeSerializer(types);
  }

  @Override
  public String toString() {
    return "Envelope";
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof EnvelopeTypeInfo other && types.equals(other.types);
  }

  @Override
  public int hashCode() {
    return types.hashCode();
  }

  @Override
  public boolean canEqual(Object obj) {
    return obj instanceof EnvelopeTypeInfo;
  }
}
