package org.statefun.distribution.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.statefun.distribution.remote.TestFunctionServer.Sdk;

/**
 * Messages between functions end to end: remote to remote (forwarder → greeter, and the greeter's
 * answer back to the forwarder, its caller), remote to embedded (forwarder → embedded/sink), and
 * embedded to remote to embedded (embedded/sink → greeter → back to embedded/sink, its caller).
 */
class RemoteMessagingIT extends RemoteFunctionsITBase {

  @ParameterizedTest
  @EnumSource(Sdk.class)
  void messagesFlowBetweenRemoteAndEmbeddedFunctions(Sdk sdk) throws Exception {
    try (TestFunctionServer server = sdk.start()) {
      writeModule("remote", RemoteModuleYaml.commandsModule(server.url(), 10));
      writeFile(
          "remote",
          "commands.txt",
          """
          remote-test/forwarder f1 ann
          remote-test/forwarder f2 bob
          remote-test/forwarder f1 ann
          embedded/sink cid greet
          embedded/sink cid greet
          """);

      List<String> lines = runAndCollect("", Map.of());

      assertThat(lines.stream().filter(l -> l.startsWith("out ")).toList())
          .containsExactlyInAnyOrder(
              // the forwarder, invoked from the ingress
              "out forwarded ann",
              "out forwarded bob",
              "out forwarded ann",
              // the greeter, invoked by the forwarder (remote → remote)
              "out Hello ann, visit #1",
              "out Hello ann, visit #2",
              "out Hello bob, visit #1",
              // the forwarder, invoked by the greeter's answer (remote → remote, to the caller)
              "out reply Hello ann, visit #1",
              "out reply Hello ann, visit #2",
              "out reply Hello bob, visit #1",
              // the greeter, invoked by embedded/sink (embedded → remote)
              "out Hello cid, visit #1",
              "out Hello cid, visit #2");
      assertThat(lines.stream().filter(l -> l.startsWith("embedded ")).toList())
          .containsExactlyInAnyOrder(
              // remote → embedded
              "embedded ann ann (String) from remote-test/forwarder/f1",
              "embedded ann ann (String) from remote-test/forwarder/f1",
              "embedded bob bob (String) from remote-test/forwarder/f2",
              // embedded → remote → embedded: the greeter answers its caller
              "embedded cid Hello cid, visit #1 (String) from remote-test/greeter/cid",
              "embedded cid Hello cid, visit #2 (String) from remote-test/greeter/cid");
    }
  }
}
