package org.statefun.distribution.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * examples/greeter-remote as its README runs it: {@code node greeter.js}, then the job with the
 * example's modules/greeter-remote (module.yaml and names.txt, unchanged; the endpoint URL from
 * {@code GREETER_URL}). Skipped without Node.js or the npm package.
 */
class GreeterRemoteExampleIT extends RemoteFunctionsITBase {

  @Test
  void greetsEveryNameWithItsVisitCount() throws Exception {
    try (NodeFunctionServer server =
        NodeFunctionServer.start(NodeFunctionServer.GREETER_EXAMPLE, Map.of())) {
      copyModule(Path.of("../examples/greeter-remote/modules/greeter-remote"));

      assertThat(runAndCollect("Hello ", Map.of("GREETER_URL", server.url())))
          .containsExactlyInAnyOrder(
              "Hello Alice, this is visit #1",
              "Hello Bob, this is visit #1",
              "Hello Alice, this is visit #2",
              "Hello Carol, this is visit #1",
              "Hello Alice, this is visit #3",
              "Hello Bob, this is visit #2",
              "Hello Dave, this is visit #1");
    }
  }
}
