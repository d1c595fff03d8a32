package org.statefun.distribution.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.statefun.distribution.remote.ProtocolMessages.batch;
import static org.statefun.distribution.remote.ProtocolMessages.post;
import static org.statefun.distribution.remote.ProtocolMessages.read;
import static org.statefun.distribution.remote.ProtocolMessages.typedValue;

import java.util.Map;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.types.Types;
import org.apache.flink.statefun.sdk.reqreply.generated.FromFunction;
import org.junit.jupiter.api.Test;

/**
 * examples/greeter-remote/greeter.js answers the protocol as its module.yaml expects: state {@code
 * visits}, greetings to {@code remote-demo/greetings}. Skipped without Node.js or the npm package.
 */
class GreeterRemoteExampleTest {

  static final TypeName GREETER = TypeName.typeNameOf("remote-demo", "greeter");

  @Test
  void greetsWithTheVisitCountItKeepsInState() throws Exception {
    try (NodeFunctionServer server =
        NodeFunctionServer.start(NodeFunctionServer.GREETER_EXAMPLE, Map.of())) {
      FromFunction first =
          post(
                  server.url(),
                  batch(GREETER, "Alice").invoke(typedValue(Types.stringType(), "Alice")).build())
              .fromFunction();
      assertThat(first.getIncompleteInvocationContext().getMissingValuesList())
          .extracting(FromFunction.PersistedValueSpec::getStateName)
          .containsExactly("visits");

      FromFunction.InvocationResponse response =
          post(
                  server.url(),
                  batch(GREETER, "Alice")
                      .state("visits", typedValue(Types.integerType(), 1))
                      .invoke(typedValue(Types.stringType(), "Alice"))
                      .invoke(typedValue(Types.stringType(), "Alice"))
                      .build())
              .fromFunction()
              .getInvocationResult();

      assertThat(response.getOutgoingEgressesList())
          .allMatch(e -> e.getEgressNamespace().equals("remote-demo"))
          .allMatch(e -> e.getEgressType().equals("greetings"))
          .extracting(e -> read(Types.stringType(), e.getArgument()))
          .containsExactly("Hello Alice, this is visit #2", "Hello Alice, this is visit #3");
      assertThat(read(Types.integerType(), response.getStateMutations(0).getStateValue()))
          .isEqualTo(3);
    }
  }
}
