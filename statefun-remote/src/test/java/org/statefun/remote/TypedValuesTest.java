package org.statefun.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.util.List;
import org.apache.flink.statefun.sdk.java.slice.Slices;
import org.apache.flink.statefun.sdk.java.types.Types;
import org.junit.jupiter.api.Test;
import org.statefun.remote.protocol.reqreply.generated.TypedValue;

/** The Java ↔ protocol mapping, checked byte for byte against the official Java SDK's types. */
class TypedValuesTest {

  @Test
  void primitivesMatchTheJavaSdksTypes() {
    assertSdkBytes(
        "héllo",
        Types.stringType().typeName().asTypeNameString(),
        Types.stringType().typeSerializer().serialize("héllo").toByteArray());
    assertSdkBytes(
        -7,
        Types.integerType().typeName().asTypeNameString(),
        Types.integerType().typeSerializer().serialize(-7).toByteArray());
    assertSdkBytes(
        Long.MIN_VALUE,
        Types.longType().typeName().asTypeNameString(),
        Types.longType().typeSerializer().serialize(Long.MIN_VALUE).toByteArray());
    assertSdkBytes(
        true,
        Types.booleanType().typeName().asTypeNameString(),
        Types.booleanType().typeSerializer().serialize(true).toByteArray());
    assertSdkBytes(
        1.5f,
        Types.floatType().typeName().asTypeNameString(),
        Types.floatType().typeSerializer().serialize(1.5f).toByteArray());
    assertSdkBytes(
        -2.25e300,
        Types.doubleType().typeName().asTypeNameString(),
        Types.doubleType().typeSerializer().serialize(-2.25e300).toByteArray());
  }

  private static void assertSdkBytes(Object value, String sdkTypeName, byte[] sdkBytes) {
    TypedValue ours = TypedValues.toProtocol(value);
    assertThat(ours.getTypename()).isEqualTo(sdkTypeName);
    assertThat(ours.getHasValue()).isTrue();
    assertThat(ours.getValue().toByteArray()).containsExactly(sdkBytes);
    assertThat(TypedValues.fromProtocol(ours)).isEqualTo(value);
    // and what the SDK writes reads back as the Java value
    TypedValue theirs =
        TypedValue.newBuilder()
            .setTypename(sdkTypeName)
            .setHasValue(true)
            .setValue(ByteString.copyFrom(Slices.wrap(sdkBytes).toByteArray()))
            .build();
    assertThat(TypedValues.fromProtocol(theirs)).isEqualTo(value);
  }

  @Test
  void otherTypesTravelAsTypedValuesInBothDirections() {
    org.statefun.sdk.TypedValue json =
        new org.statefun.sdk.TypedValue("com.example/User", "{\"a\":1}".getBytes());
    TypedValue protocol = TypedValues.toProtocol(json);

    assertThat(protocol.getTypename()).isEqualTo("com.example/User");
    assertThat(TypedValues.fromProtocol(protocol)).isEqualTo(json);
  }

  @Test
  void aJavaObjectWithoutRemoteFormIsRefusedNamingItsClass() {
    assertThatThrownBy(() -> TypedValues.toProtocol(List.of(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a java.util.ImmutableCollections$List12 cannot be sent to a remote function; send a"
                + " String, Integer, Long, Boolean, Float, Double or org.statefun.sdk.TypedValue");
  }

  @Test
  void aPrimitiveWhoseBytesDoNotDecodeIsReported() {
    TypedValue broken =
        TypedValue.newBuilder()
            .setTypename(TypedValues.LONG)
            .setHasValue(true)
            .setValue(ByteString.copyFrom(new byte[] {(byte) 0xff}))
            .build();

    assertThatThrownBy(() -> TypedValues.fromProtocol(broken))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("a value of type io.statefun.types/long does not decode: ");
  }
}
