// The greeter as a remote function: the official StateFun JavaScript SDK (npm package
// apache-flink-statefun) served over Node's http module. The runtime calls it over HTTP with
// StateFun's request-reply protocol; see README.md.
//
//   node greeter.js                  listens on port 8000 (PORT=8001 node greeter.js for another)
//   GREETINGS_TOPIC=greetings ...    sends each greeting as a Kafka record to that topic (for the
//                                    Kafka variant, modules-kafka/), instead of as a plain string
"use strict";

const http = require("http");
const { StateFun, egressMessageBuilder, kafkaEgressMessage } = require("apache-flink-statefun");

const port = parseInt(process.env.PORT || "8000", 10);
const greetingsTopic = process.env.GREETINGS_TOPIC;

const statefun = new StateFun();

statefun.bind({
  typename: "remote-demo/greeter",
  // Persisted by the runtime per address (per name); the SDK asks the runtime to register it.
  specs: [{ name: "visits", type: StateFun.intType() }],
  fn(context, message) {
    // The name is the address id; the message is the name too (a string, or the raw UTF-8 bytes
    // of a Kafka record declared as type remote-demo/name).
    const name = message.isString() ? message.asString() : message.rawValueBytes.toString("utf8");
    const visits = (context.storage.visits || 0) + 1;
    context.storage.visits = visits;
    const greeting = `Hello ${name}, this is visit #${visits}`;
    if (greetingsTopic) {
      context.send(
        kafkaEgressMessage({
          typename: "remote-demo/greetings",
          topic: greetingsTopic,
          key: context.self.id,
          value: greeting,
        })
      );
    } else {
      context.send(
        egressMessageBuilder({
          typename: "remote-demo/greetings",
          value: greeting,
          valueType: StateFun.stringType(),
        })
      );
    }
  },
});

const server = http.createServer(statefun.handler());
server.listen(port, () => {
  console.log(`greeter: serving remote-demo/greeter on http://localhost:${port}/statefun`);
});
process.on("SIGINT", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));
