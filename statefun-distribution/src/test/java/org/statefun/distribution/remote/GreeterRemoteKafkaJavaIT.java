package org.statefun.distribution.remote;

import java.nio.charset.StandardCharsets;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.io.KafkaEgressMessage;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.statefun.io.kafka.testing.KafkaBroker;

/**
 * The Kafka variant of examples/greeter-remote with greeter.js's Kafka mode written with the
 * official Java SDK: the same StateFun file, unchanged, served by a Java function server.
 */
class GreeterRemoteKafkaJavaIT extends GreeterRemoteKafkaITBase {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  static final TypeName GREETER = TypeName.typeNameOf("remote-demo", "greeter");
  static final TypeName GREETINGS = TypeName.typeNameOf("remote-demo", "greetings");
  static final ValueSpec<Integer> VISITS = ValueSpec.named("visits").withIntType();

  /** greeter.js with {@code GREETINGS_TOPIC=greetings}, in Java. */
  static StatefulFunctions kafkaGreeter() {
    return new StatefulFunctions()
        .withStatefulFunction(
            StatefulFunctionSpec.builder(GREETER)
                .withValueSpec(VISITS)
                .withSupplier(
                    () ->
                        (context, message) -> {
                          // The record value as raw UTF-8 bytes (type remote-demo/name).
                          String name =
                              new String(message.rawValue().toByteArray(), StandardCharsets.UTF_8);
                          int visits = context.storage().get(VISITS).orElse(0) + 1;
                          context.storage().set(VISITS, visits);
                          context.send(
                              KafkaEgressMessage.forEgress(GREETINGS)
                                  .withTopic("greetings")
                                  .withUtf8Key(context.self().id())
                                  .withUtf8Value("Hello " + name + ", this is visit #" + visits)
                                  .build());
                          return context.done();
                        }));
  }

  @Override
  KafkaBroker kafka() {
    return KAFKA;
  }

  @Override
  Server startServer() {
    JavaFunctionServer server = JavaFunctionServer.start(kafkaGreeter());
    return new Server(server.url(), server);
  }
}
