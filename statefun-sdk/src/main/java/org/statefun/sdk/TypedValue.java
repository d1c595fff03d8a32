package org.statefun.sdk;

import java.util.Arrays;
import java.util.Objects;

/**
 * A value tagged with the name of its type, as remote functions exchange them (StateFun's {@code
 * TypedValue}). Remote functions' primitive values arrive in Java as {@code String}, {@code
 * Integer}, {@code Long}, {@code Boolean}, {@code Float} and {@code Double}; every other value
 * arrives as a {@code TypedValue}, and a Java function sends a {@code TypedValue} to a remote
 * function as it is.
 *
 * @param typeName the type's name, {@code namespace/name} (for example {@code
 *     com.example/UserLogin}, or {@code type.googleapis.com/<message>} for protobuf messages)
 * @param value the serialized value; the array is not copied, so do not modify it
 */
public record TypedValue(String typeName, byte[] value) {

  public TypedValue {
    Objects.requireNonNull(typeName, "typeName");
    Objects.requireNonNull(value, "value");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TypedValue other
        && typeName.equals(other.typeName)
        && Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return 31 * typeName.hashCode() + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "TypedValue{" + typeName + ", " + value.length + " bytes}";
  }
}
