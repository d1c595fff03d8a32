package org.statefun.remote;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.statefun.remote.protocol.reqreply.generated.TypedValue;
import org.statefun.remote.protocol.types.generated.BooleanWrapper;
import org.statefun.remote.protocol.types.generated.DoubleWrapper;
import org.statefun.remote.protocol.types.generated.FloatWrapper;
import org.statefun.remote.protocol.types.generated.IntWrapper;
import org.statefun.remote.protocol.types.generated.LongWrapper;
import org.statefun.remote.protocol.types.generated.StringWrapper;

/**
 * The mapping between Java message values and the protocol's typed values. StateFun's primitive
 * types ({@code io.statefun.types/string, int, long, bool, float, double}) become {@code String,
 * Integer, Long, Boolean, Float, Double}; every other typed value is an {@link
 * org.statefun.sdk.TypedValue}, in both directions.
 */
public final class TypedValues {

  public static final String STRING = "io.statefun.types/string";
  public static final String INT = "io.statefun.types/int";
  public static final String LONG = "io.statefun.types/long";
  public static final String BOOL = "io.statefun.types/bool";
  public static final String FLOAT = "io.statefun.types/float";
  public static final String DOUBLE = "io.statefun.types/double";

  private TypedValues() {}

  /**
   * The protocol value of a Java message.
   *
   * @throws IllegalArgumentException when {@code value} has no remote representation
   */
  public static TypedValue toProtocol(Object value) {
    if (value instanceof String s) {
      return typed(STRING, StringWrapper.newBuilder().setValue(s).build().toByteString());
    } else if (value instanceof Integer i) {
      return typed(INT, IntWrapper.newBuilder().setValue(i).build().toByteString());
    } else if (value instanceof Long l) {
      return typed(LONG, LongWrapper.newBuilder().setValue(l).build().toByteString());
    } else if (value instanceof Boolean b) {
      return typed(BOOL, BooleanWrapper.newBuilder().setValue(b).build().toByteString());
    } else if (value instanceof Float f) {
      return typed(FLOAT, FloatWrapper.newBuilder().setValue(f).build().toByteString());
    } else if (value instanceof Double d) {
      return typed(DOUBLE, DoubleWrapper.newBuilder().setValue(d).build().toByteString());
    } else if (value instanceof org.statefun.sdk.TypedValue t) {
      return typed(t.typeName(), ByteString.copyFrom(t.value()));
    }
    throw new IllegalArgumentException(
        "a "
            + (value == null ? "null" : value.getClass().getName())
            + " cannot be sent to a remote function; send a String, Integer, Long, Boolean, Float,"
            + " Double or org.statefun.sdk.TypedValue");
  }

  /**
   * The Java value of a protocol value.
   *
   * @throws IllegalArgumentException when a primitive type's bytes do not decode
   */
  public static Object fromProtocol(TypedValue value) {
    String typeName = value.getTypename();
    ByteString bytes = value.getValue();
    try {
      return switch (typeName) {
        case STRING -> StringWrapper.parseFrom(bytes).getValue();
        case INT -> IntWrapper.parseFrom(bytes).getValue();
        case LONG -> LongWrapper.parseFrom(bytes).getValue();
        case BOOL -> BooleanWrapper.parseFrom(bytes).getValue();
        case FLOAT -> FloatWrapper.parseFrom(bytes).getValue();
        case DOUBLE -> DoubleWrapper.parseFrom(bytes).getValue();
        default -> new org.statefun.sdk.TypedValue(typeName, bytes.toByteArray());
      };
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(
          "a value of type " + typeName + " does not decode: " + e.getMessage(), e);
    }
  }

  private static TypedValue typed(String typeName, ByteString bytes) {
    return TypedValue.newBuilder().setTypename(typeName).setHasValue(true).setValue(bytes).build();
  }
}
