package org.statefun.core.message;

import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Type information for a type Flink handles as one opaque value through a serializer of ours: not
 * basic, not a tuple, not a key, one field. Subclasses supply the class, the serializer and
 * equality.
 *
 * @param <T> the type
 */
public abstract class SerializerBackedTypeInfo<T> extends TypeInformation<T> {

  private static final long serialVersionUID = 1L;

  @Override
  public final boolean isBasicType() {
    return false;
  }

  @Override
  public final boolean isTupleType() {
    return false;
  }

  @Override
  public final int getArity() {
    return 1;
  }

  @Override
  public final int getTotalFields() {
    return 1;
  }

  @Override
  public final boolean isKeyType() {
    return false;
  }
}
