// Remote functions for statefun's tests, served with the official StateFun JavaScript SDK
// (npm package apache-flink-statefun) over Node's http module. The same functions as
// TestFunctions.java (see there for what each does); the Java test launcher is NodeFunctionServer.
//
//   node functions.js [PORT]        PORT: argument, else $PORT, else 8000
//   EMBEDDED_TARGET=ns/name         the embedded function type the forwarder sends to (embedded/sink)
//   TTL_MS=2000                     how long remote-test/ttl-counter's count lives after each write
//
// Prints "statefun test functions listening on port PORT" once it accepts connections.
"use strict";

const http = require("http");
const {
  StateFun,
  messageBuilder,
  egressMessageBuilder,
  kafkaEgressMessage,
} = require("apache-flink-statefun");

const NAMESPACE = "remote-test";
const OUT = `${NAMESPACE}/out`;
const ECHOES = `${NAMESPACE}/echoes`;
const KAFKA_OUT = `${NAMESPACE}/kafka-out`;
const KAFKA_TOPIC = "remote-out";
const PRIMITIVE_PREFIX = "io.statefun.types/";

const port = parseInt(process.argv[2] || process.env.PORT || "8000", 10);
const embeddedTarget = process.env.EMBEDDED_TARGET || "embedded/sink";
const ttlMs = parseInt(process.env.TTL_MS || "2000", 10);

function out(context, line) {
  context.send(egressMessageBuilder({ typename: OUT, value: line, valueType: StateFun.stringType() }));
}

const statefun = new StateFun();

statefun.bind({
  typename: `${NAMESPACE}/greeter`,
  specs: [
    { name: "seen", type: StateFun.intType() },
    { name: "last", type: StateFun.stringType(), expireAfterWrite: 60 * 60 * 1000 },
  ],
  fn(context, message) {
    const seen = (context.storage.seen || 0) + 1;
    context.storage.seen = seen;
    context.storage.last = message.isString() ? message.asString() : "?";
    const greeting = `Hello ${context.self.id}, visit #${seen}`;
    out(context, greeting);
    if (context.caller) {
      context.send(
        messageBuilder({
          typename: context.caller.typename,
          id: context.caller.id,
          value: greeting,
          valueType: StateFun.stringType(),
        })
      );
    }
  },
});

statefun.bind({
  typename: `${NAMESPACE}/ttl-counter`,
  specs: [{ name: "count", type: StateFun.intType(), expireAfterWrite: ttlMs }],
  fn(context, message) {
    const count = (context.storage.count || 0) + 1;
    context.storage.count = count;
    out(context, `${context.self.id} ${count}`);
    const text = message.isString() ? message.asString() : "";
    if (text.startsWith("again ")) {
      const self = context.self;
      context.sendAfter(
        parseInt(text.substring("again ".length), 10),
        messageBuilder({ typename: self.typename, id: self.id, value: "later", valueType: StateFun.stringType() })
      );
    }
  },
});

statefun.bind({
  typename: `${NAMESPACE}/forwarder`,
  fn(context, message) {
    const s = message.asString();
    if (context.caller) {
      out(context, `reply ${s}`);
      return;
    }
    context.send(
      messageBuilder({ typename: `${NAMESPACE}/greeter`, id: s, value: s, valueType: StateFun.stringType() })
    );
    context.send(messageBuilder({ typename: embeddedTarget, id: s, value: s, valueType: StateFun.stringType() }));
    out(context, `forwarded ${s}`);
  },
});

statefun.bind({
  typename: `${NAMESPACE}/sequencer`,
  specs: [{ name: "position", type: StateFun.intType() }],
  fn(context, message) {
    const position = (context.storage.position || 0) + 1;
    context.storage.position = position;
    out(context, `${context.self.id} #${position} ${message.asString()}`);
  },
});

statefun.bind({
  typename: `${NAMESPACE}/delayed`,
  fn(context, message) {
    const text = message.asString();
    const command = text.split(" ");
    switch (command[0]) {
      case "schedule": {
        const token = command[1];
        const self = context.self;
        context.sendAfter(
          parseInt(command[2], 10),
          messageBuilder({ typename: self.typename, id: self.id, value: `fired ${token}`, valueType: StateFun.stringType() }),
          token
        );
        out(context, `scheduled ${token}`);
        break;
      }
      case "cancel":
        context.cancelDelayedMessage(command[1]);
        out(context, `cancelled ${command[1]}`);
        break;
      case "fired":
        out(context, text);
        break;
      default:
        throw new Error(`unknown command: ${text}`);
    }
  },
});

statefun.bind({
  typename: `${NAMESPACE}/egress`,
  fn(context, message) {
    const s = message.asString();
    out(context, `egress ${context.self.id} ${s}`);
    context.send(kafkaEgressMessage({ typename: KAFKA_OUT, topic: KAFKA_TOPIC, key: context.self.id, value: s }));
  },
});

// Reads the value of a primitive wrapper message (io.statefun.sdk.types.*Wrapper: field 1, or
// empty for the default value) as text, the way Java's String.valueOf prints it where JavaScript
// can (long exactly, as a BigInt; float and double with JavaScript's number formatting).
function describe(typename, bytes) {
  if (bytes.length === 0) {
    return { string: "", int: "0", long: "0", bool: "false", float: "0.0", double: "0.0" }[typename];
  }
  switch (typename) {
    case "long": // sfixed64
      return bytes.readBigInt64LE(1).toString();
    case "double":
      return String(bytes.readDoubleLE(1));
    default:
      return null;
  }
}

statefun.bind({
  typename: `${NAMESPACE}/echo`,
  fn(context, message) {
    const typename = message.valueTypeName;
    if (!typename.startsWith(PRIMITIVE_PREFIX)) {
      throw new Error(`not a primitive type: ${typename}`);
    }
    // The same typed value back, byte for byte: a pass-through type of the received type name.
    const same = StateFun.customType(typename, (bytes) => bytes, (bytes) => bytes);
    const raw = message.rawValueBytes;
    context.send(egressMessageBuilder({ typename: ECHOES, value: raw, valueType: same }));
    if (context.caller) {
      context.send(
        messageBuilder({ typename: context.caller.typename, id: context.caller.id, value: raw, valueType: same })
      );
    }
    const short = typename.substring(PRIMITIVE_PREFIX.length);
    let value;
    if (message.isString()) value = message.asString();
    else if (message.isInt()) value = String(message.asInt());
    else if (message.isBoolean()) value = String(message.asBoolean());
    else if (message.isFloat()) value = String(message.asFloat());
    else value = describe(short, raw);
    out(context, `echo ${short} ${value}`);
  },
});

const server = http.createServer(statefun.handler());
server.listen(port, "127.0.0.1", () => {
  console.log(`statefun test functions listening on port ${server.address().port}`);
});

function shutdown() {
  server.close();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
