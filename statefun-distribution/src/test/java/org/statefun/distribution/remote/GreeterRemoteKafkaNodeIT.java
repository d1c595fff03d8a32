package org.statefun.distribution.remote;

import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.statefun.io.kafka.testing.KafkaBroker;

/**
 * The Kafka variant of examples/greeter-remote with its own greeter.js ({@code
 * GREETINGS_TOPIC=greetings}), as its README runs it. Skipped without Node.js or the npm package.
 */
class GreeterRemoteKafkaNodeIT extends GreeterRemoteKafkaITBase {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  @Override
  KafkaBroker kafka() {
    return KAFKA;
  }

  @Override
  Server startServer() {
    NodeFunctionServer server =
        NodeFunctionServer.start(
            NodeFunctionServer.GREETER_EXAMPLE, Map.of("GREETINGS_TOPIC", "greetings"));
    return new Server(server.url(), server);
  }
}
