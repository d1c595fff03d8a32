package org.statefun.examples.greeterremote;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.flink.statefun.sdk.reqreply.generated.Address;
import org.apache.flink.statefun.sdk.reqreply.generated.FromFunction;
import org.apache.flink.statefun.sdk.reqreply.generated.ToFunction;
import org.apache.flink.statefun.sdk.reqreply.generated.TypedValue;
import org.apache.flink.statefun.sdk.shaded.com.google.protobuf.ByteString;
import org.apache.flink.statefun.sdk.types.generated.IntWrapper;
import org.apache.flink.statefun.sdk.types.generated.StringWrapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GreeterServer answers the runtime's requests (built by hand with the SDK's protocol classes). */
class GreeterServerTest {

  GreeterServer server;

  @BeforeEach
  void start() throws Exception {
    server = GreeterServer.start(0);
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  static ToFunction request(boolean withState, int visits, String... names) {
    ToFunction.InvocationBatchRequest.Builder batch =
        ToFunction.InvocationBatchRequest.newBuilder()
            .setTarget(
                Address.newBuilder().setNamespace("remote-demo").setType("greeter").setId("Alice"));
    if (withState) {
      batch.addState(
          ToFunction.PersistedValue.newBuilder()
              .setStateName("visits")
              .setStateValue(
                  TypedValue.newBuilder()
                      .setTypename("io.statefun.types/int")
                      .setHasValue(true)
                      .setValue(IntWrapper.newBuilder().setValue(visits).build().toByteString())));
    }
    for (String name : names) {
      batch.addInvocations(
          ToFunction.Invocation.newBuilder()
              .setArgument(
                  TypedValue.newBuilder()
                      .setTypename("io.statefun.types/string")
                      .setHasValue(true)
                      .setValue(StringWrapper.newBuilder().setValue(name).build().toByteString())));
    }
    return ToFunction.newBuilder().setInvocation(batch).build();
  }

  FromFunction post(ToFunction request) throws Exception {
    HttpResponse<byte[]> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + server.port() + "/statefun"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray()))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    return FromFunction.parseFrom(response.body());
  }

  @Test
  void asksForItsStateFirst() throws Exception {
    FromFunction answer = post(request(false, 0, "Alice"));

    assertThat(answer.getIncompleteInvocationContext().getMissingValuesList())
        .extracting(FromFunction.PersistedValueSpec::getStateName)
        .containsExactly("visits");
  }

  @Test
  void greetsWithTheVisitCountAndUpdatesIt() throws Exception {
    FromFunction.InvocationResponse result =
        post(request(true, 2, "Alice", "Alice")).getInvocationResult();

    assertThat(result.getOutgoingEgressesList())
        .extracting(e -> StringWrapper.parseFrom(e.getArgument().getValue()).getValue())
        .containsExactly("Hello Alice, this is visit #3", "Hello Alice, this is visit #4");
    assertThat(result.getOutgoingEgressesList())
        .allMatch(
            e ->
                e.getEgressNamespace().equals("remote-demo")
                    && e.getEgressType().equals("greetings"));
    ByteString visits = result.getStateMutations(0).getStateValue().getValue();
    assertThat(IntWrapper.parseFrom(visits).getValue()).isEqualTo(4);
  }
}
