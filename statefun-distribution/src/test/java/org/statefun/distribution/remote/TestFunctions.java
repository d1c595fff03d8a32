package org.statefun.distribution.remote;

import java.time.Duration;
import java.util.Objects;
import org.apache.flink.statefun.sdk.java.Address;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunction;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.io.KafkaEgressMessage;
import org.apache.flink.statefun.sdk.java.message.EgressMessage;
import org.apache.flink.statefun.sdk.java.message.EgressMessageBuilder;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;

/**
 * Remote functions for tests, written with the official StateFun Java SDK; {@code functions.js}
 * serves the same ones with the JavaScript SDK. All types are in namespace {@value #NAMESPACE}; all
 * string output goes to the egress {@link #OUT} as UTF-8 strings ({@code
 * io.statefun.types/string}).
 *
 * <ul>
 *   <li>{@link #GREETER}: counts messages per address in state {@code seen} (int) and remembers the
 *       last message in {@code last} (string, expires 1 hour after write); sends {@code "Hello
 *       <id>, visit #<n>"} to {@link #OUT}, and to the caller when there is one.
 *   <li>{@link #TTL_COUNTER}: counts messages per address in state {@code count} (int) that expires
 *       {@code ttl} after each write; sends {@code "<id> <count>"} to {@link #OUT}. A message
 *       {@code "again <millis>"} is counted too and also sends {@code "later"} to itself after
 *       {@code millis} (a delayed message: Flink processing time, the clock of state TTL).
 *   <li>{@link #FORWARDER}: for a string {@code s} without a caller (from an ingress), sends {@code
 *       s} to {@link #GREETER} id {@code s} (remote to remote) and to the embedded function type
 *       given at creation, id {@code s} (remote to embedded, a string message); sends {@code
 *       "forwarded <s>"} to {@link #OUT}. A message with a caller (the greeter's answer) is only
 *       sent to {@link #OUT} as {@code "reply <s>"}.
 *   <li>{@link #SEQUENCER}: numbers the messages of each address in state {@code position} (int):
 *       for a string {@code s} sends {@code "<id> #<n> <s>"} to {@link #OUT}, so the lines show the
 *       order in which the address received its messages.
 *   <li>{@link #DELAYED}: string commands: {@code "schedule <token> <millis>"} sends {@code "fired
 *       <token>"} to itself after {@code millis} with cancellation token {@code token}; {@code
 *       "cancel <token>"} cancels it; {@code "fired <token>"} arriving is sent to {@link #OUT} as
 *       is. Each command is acknowledged on {@link #OUT} as {@code "scheduled <token>"} / {@code
 *       "cancelled <token>"}.
 *   <li>{@link #EGRESS}: for a string {@code s}, sends {@code "egress <id> <s>"} to {@link #OUT}
 *       and a Kafka record (topic {@link #KAFKA_TOPIC}, key the address id, value {@code s}) to
 *       {@link #KAFKA_OUT} with the SDK's {@code KafkaEgressMessage}.
 *   <li>{@link #ECHO}: for a message of any StateFun primitive type (string, int, long, bool,
 *       float, double), sends the same typed value back to the caller when there is one and to
 *       {@link #ECHOES}, and {@code "echo <type> <value>"} ({@code <type>} the type name without
 *       {@code io.statefun.types/}) to {@link #OUT}.
 * </ul>
 */
public final class TestFunctions {

  public static final String NAMESPACE = "remote-test";

  public static final TypeName GREETER = TypeName.typeNameOf(NAMESPACE, "greeter");
  public static final TypeName TTL_COUNTER = TypeName.typeNameOf(NAMESPACE, "ttl-counter");
  public static final TypeName FORWARDER = TypeName.typeNameOf(NAMESPACE, "forwarder");
  public static final TypeName DELAYED = TypeName.typeNameOf(NAMESPACE, "delayed");
  public static final TypeName EGRESS = TypeName.typeNameOf(NAMESPACE, "egress");
  public static final TypeName ECHO = TypeName.typeNameOf(NAMESPACE, "echo");
  public static final TypeName SEQUENCER = TypeName.typeNameOf(NAMESPACE, "sequencer");

  /** String egress of every function. */
  public static final TypeName OUT = TypeName.typeNameOf(NAMESPACE, "out");

  /** The echoed typed values. */
  public static final TypeName ECHOES = TypeName.typeNameOf(NAMESPACE, "echoes");

  /** Kafka egress of {@link #EGRESS}. */
  public static final TypeName KAFKA_OUT = TypeName.typeNameOf(NAMESPACE, "kafka-out");

  public static final String KAFKA_TOPIC = "remote-out";

  /** The embedded function {@link #FORWARDER} sends to unless told otherwise. */
  public static final TypeName DEFAULT_EMBEDDED_TARGET = TypeName.typeNameOf("embedded", "sink");

  public static final Duration DEFAULT_TTL = Duration.ofSeconds(2);

  static final ValueSpec<Integer> SEEN = ValueSpec.named("seen").withIntType();
  static final ValueSpec<String> LAST =
      ValueSpec.named("last").thatExpireAfterWrite(Duration.ofHours(1)).withUtf8StringType();
  static final ValueSpec<Integer> COUNT = ValueSpec.named("count").withIntType();
  static final ValueSpec<Integer> POSITION = ValueSpec.named("position").withIntType();

  private static final String PRIMITIVE_PREFIX = "io.statefun.types/";

  private TestFunctions() {}

  /** Every function, the forwarder sending to {@link #DEFAULT_EMBEDDED_TARGET}. */
  public static StatefulFunctions all() {
    return all(DEFAULT_EMBEDDED_TARGET, DEFAULT_TTL);
  }

  /**
   * Every function.
   *
   * @param embeddedTarget the (embedded) function type {@link #FORWARDER} sends to
   * @param ttl how long {@link #TTL_COUNTER}'s count lives after each write
   */
  public static StatefulFunctions all(TypeName embeddedTarget, Duration ttl) {
    Objects.requireNonNull(embeddedTarget, "embeddedTarget");
    ValueSpec<Integer> expiringCount =
        ValueSpec.named(COUNT.name()).thatExpireAfterWrite(ttl).withIntType();
    return new StatefulFunctions()
        .withStatefulFunction(
            StatefulFunctionSpec.builder(GREETER)
                .withValueSpecs(SEEN, LAST)
                .withSupplier(TestFunctions::greeter))
        .withStatefulFunction(
            StatefulFunctionSpec.builder(TTL_COUNTER)
                .withValueSpec(expiringCount)
                .withSupplier(() -> ttlCounter(expiringCount)))
        .withStatefulFunction(
            StatefulFunctionSpec.builder(FORWARDER).withSupplier(() -> forwarder(embeddedTarget)))
        .withStatefulFunction(
            StatefulFunctionSpec.builder(DELAYED).withSupplier(TestFunctions::delayed))
        .withStatefulFunction(
            StatefulFunctionSpec.builder(EGRESS).withSupplier(TestFunctions::egress))
        .withStatefulFunction(StatefulFunctionSpec.builder(ECHO).withSupplier(TestFunctions::echo))
        .withStatefulFunction(
            StatefulFunctionSpec.builder(SEQUENCER)
                .withValueSpec(POSITION)
                .withSupplier(TestFunctions::sequencer));
  }

  static StatefulFunction greeter() {
    return (context, message) -> {
      int seen = context.storage().get(SEEN).orElse(0) + 1;
      context.storage().set(SEEN, seen);
      context.storage().set(LAST, message.isUtf8String() ? message.asUtf8String() : "?");
      String greeting = "Hello " + context.self().id() + ", visit #" + seen;
      out(context, greeting);
      context
          .caller()
          .ifPresent(
              caller ->
                  context.send(MessageBuilder.forAddress(caller).withValue(greeting).build()));
      return context.done();
    };
  }

  static StatefulFunction ttlCounter(ValueSpec<Integer> count) {
    return (context, message) -> {
      int n = context.storage().get(count).orElse(0) + 1;
      context.storage().set(count, n);
      out(context, context.self().id() + " " + n);
      String text = message.isUtf8String() ? message.asUtf8String() : "";
      if (text.startsWith("again ")) {
        context.sendAfter(
            Duration.ofMillis(Long.parseLong(text.substring("again ".length()))),
            MessageBuilder.forAddress(context.self()).withValue("later").build());
      }
      return context.done();
    };
  }

  static StatefulFunction forwarder(TypeName embeddedTarget) {
    return (context, message) -> {
      String s = message.asUtf8String();
      if (context.caller().isPresent()) {
        out(context, "reply " + s);
        return context.done();
      }
      context.send(MessageBuilder.forAddress(GREETER, s).withValue(s).build());
      context.send(MessageBuilder.forAddress(embeddedTarget, s).withValue(s).build());
      out(context, "forwarded " + s);
      return context.done();
    };
  }

  static StatefulFunction sequencer() {
    return (context, message) -> {
      int n = context.storage().get(POSITION).orElse(0) + 1;
      context.storage().set(POSITION, n);
      out(context, context.self().id() + " #" + n + " " + message.asUtf8String());
      return context.done();
    };
  }

  static StatefulFunction delayed() {
    return (context, message) -> {
      String[] command = message.asUtf8String().split(" ");
      switch (command[0]) {
        case "schedule" -> {
          String token = command[1];
          Duration delay = Duration.ofMillis(Long.parseLong(command[2]));
          context.sendAfter(
              delay,
              token,
              MessageBuilder.forAddress(context.self()).withValue("fired " + token).build());
          out(context, "scheduled " + token);
        }
        case "cancel" -> {
          context.cancelDelayedMessage(command[1]);
          out(context, "cancelled " + command[1]);
        }
        case "fired" -> out(context, message.asUtf8String());
        default -> throw new IllegalArgumentException("unknown command: " + message.asUtf8String());
      }
      return context.done();
    };
  }

  static StatefulFunction egress() {
    return (context, message) -> {
      String s = message.asUtf8String();
      out(context, "egress " + context.self().id() + " " + s);
      context.send(
          KafkaEgressMessage.forEgress(KAFKA_OUT)
              .withTopic(KAFKA_TOPIC)
              .withUtf8Key(context.self().id())
              .withUtf8Value(s)
              .build());
      return context.done();
    };
  }

  static StatefulFunction echo() {
    return (context, message) -> {
      EgressMessageBuilder echoed = EgressMessageBuilder.forEgress(ECHOES);
      String value;
      if (message.isUtf8String()) {
        value = message.asUtf8String();
        echoed.withValue(message.asUtf8String());
      } else if (message.isInt()) {
        value = String.valueOf(message.asInt());
        echoed.withValue(message.asInt());
      } else if (message.isLong()) {
        value = String.valueOf(message.asLong());
        echoed.withValue(message.asLong());
      } else if (message.isBoolean()) {
        value = String.valueOf(message.asBoolean());
        echoed.withValue(message.asBoolean());
      } else if (message.isFloat()) {
        value = String.valueOf(message.asFloat());
        echoed.withValue(message.asFloat());
      } else if (message.isDouble()) {
        value = String.valueOf(message.asDouble());
        echoed.withValue(message.asDouble());
      } else {
        throw new IllegalArgumentException("not a primitive type: " + message.valueTypeName());
      }
      context.send(echoed.build());
      Address caller = context.caller().orElse(null);
      if (caller != null) {
        context.send(MessageBuilder.fromMessage(message).withTargetAddress(caller).build());
      }
      String type = message.valueTypeName().asTypeNameString();
      out(
          context,
          "echo "
              + (type.startsWith(PRIMITIVE_PREFIX)
                  ? type.substring(PRIMITIVE_PREFIX.length())
                  : type)
              + " "
              + value);
      return context.done();
    };
  }

  private static void out(Context context, String line) {
    EgressMessage egress = EgressMessageBuilder.forEgress(OUT).withValue(line).build();
    context.send(egress);
  }
}
