package org.statefun.distribution.remote;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.types.Type;
import org.apache.flink.statefun.sdk.reqreply.generated.Address;
import org.apache.flink.statefun.sdk.reqreply.generated.FromFunction;
import org.apache.flink.statefun.sdk.reqreply.generated.ToFunction;
import org.apache.flink.statefun.sdk.reqreply.generated.TypedValue;
import org.apache.flink.statefun.sdk.shaded.com.google.protobuf.ByteString;
import org.apache.flink.statefun.sdk.shaded.com.google.protobuf.InvalidProtocolBufferException;

/**
 * Hand-built request-reply messages, with the official Java SDK's generated protocol classes (its
 * protobuf is shaded under {@code org.apache.flink.statefun.sdk.shaded}), and a plain HTTP client
 * posting them: the function side of the protocol, tested without the runtime.
 */
public final class ProtocolMessages {
  private ProtocolMessages() {}

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** An HTTP answer: status, content type and body. */
  public record Answer(int status, String contentType, byte[] body) {
    /** The body as a {@code FromFunction}. */
    public FromFunction fromFunction() {
      try {
        return FromFunction.parseFrom(body);
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError("not a FromFunction (HTTP " + status + ")", e);
      }
    }
  }

  /** Posts {@code request} to {@code url} and returns the answer. */
  public static Answer post(String url, ToFunction request)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        CLIENT.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    return new Answer(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        response.body());
  }

  public static Address address(TypeName type, String id) {
    return Address.newBuilder()
        .setNamespace(type.namespace())
        .setType(type.name())
        .setId(id)
        .build();
  }

  /** A value of a type of the SDK, e.g. {@code Types.integerType()}. */
  public static <T> TypedValue typedValue(Type<T> type, T value) {
    return TypedValue.newBuilder()
        .setTypename(type.typeName().asTypeNameString())
        .setHasValue(true)
        .setValue(ByteString.copyFrom(type.typeSerializer().serialize(value).toByteArray()))
        .build();
  }

  /** A state value that is not set (yet), of a type of the SDK. */
  public static TypedValue absent(Type<?> type) {
    return TypedValue.newBuilder()
        .setTypename(type.typeName().asTypeNameString())
        .setHasValue(false)
        .build();
  }

  /** The value of {@code value}, read as {@code type}. */
  public static <T> T read(Type<T> type, TypedValue value) {
    if (!value.getTypename().equals(type.typeName().asTypeNameString())) {
      throw new AssertionError(
          "expected a " + type.typeName().asTypeNameString() + ", got " + value.getTypename());
    }
    return type.typeSerializer()
        .deserialize(
            org.apache.flink.statefun.sdk.java.slice.Slices.wrap(value.getValue().toByteArray()));
  }

  /** A builder of a batch for {@code target}: add invocations and state, then build. */
  public static Batch batch(TypeName type, String id) {
    return new Batch(address(type, id));
  }

  /** A {@code ToFunction} being built. */
  public static final class Batch {
    private final ToFunction.InvocationBatchRequest.Builder request;

    private Batch(Address target) {
      request = ToFunction.InvocationBatchRequest.newBuilder().setTarget(target);
    }

    /** Adds an invocation without a caller (as from an ingress). */
    public Batch invoke(TypedValue argument) {
      request.addInvocations(ToFunction.Invocation.newBuilder().setArgument(argument));
      return this;
    }

    /** Adds an invocation from {@code caller}. */
    public Batch invoke(Address caller, TypedValue argument) {
      request.addInvocations(
          ToFunction.Invocation.newBuilder().setCaller(caller).setArgument(argument));
      return this;
    }

    /** Adds the state value {@code name}. */
    public Batch state(String name, TypedValue value) {
      request.addState(
          ToFunction.PersistedValue.newBuilder().setStateName(name).setStateValue(value));
      return this;
    }

    /** Adds the state values of {@code values}. */
    public Batch states(Map<String, TypedValue> values) {
      values.forEach(this::state);
      return this;
    }

    public ToFunction build() {
      return ToFunction.newBuilder().setInvocation(request).build();
    }
  }
}
