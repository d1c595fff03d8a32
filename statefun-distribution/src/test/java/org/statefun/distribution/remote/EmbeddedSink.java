package org.statefun.distribution.remote;

import java.util.List;
import org.statefun.sdk.Address;
import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.io.EgressIdentifier;

/**
 * An embedded function (this runtime's Java SDK) for end-to-end tests with remote functions; bind
 * it as {@code embedded/sink} ({@link TestFunctions#DEFAULT_EMBEDDED_TARGET}) with {@code class:
 * org.statefun.distribution.remote.EmbeddedSink} and a {@code print} egress {@code embedded/out}.
 *
 * <ul>
 *   <li>The string {@code "echo-all"} from an ingress: sends one value of each primitive type
 *       ({@link #PRIMITIVES}) to {@code remote-test/echo}, id the own id (Java to remote).
 *   <li>The string {@code "echo-edges"} from an ingress: the same with {@link #EDGES}.
 *   <li>The string {@code "greet"} from an ingress: sends the own id to {@code
 *       remote-test/greeter}, id the own id (whose answer comes back here and is printed, below).
 *   <li>{@code "burst <n> <id>"} from an ingress: sends the strings {@code "1"} … {@code "<n>"}, in
 *       that order, to {@code remote-test/sequencer} id {@code <id>} (in one invocation, so that
 *       they queue up for the remote function).
 *   <li>Any other message: prints {@code "embedded <id> <value> (<class>) from <caller>"} to {@code
 *       embedded/out} ({@code from ingress} without a caller) — what a remote function sent, as it
 *       arrives in Java.
 * </ul>
 */
public class EmbeddedSink implements StatefulFunction {

  public static final EgressIdentifier<String> OUT =
      new EgressIdentifier<>(String.class, "embedded", "out");

  public static final FunctionType ECHO =
      new FunctionType(TestFunctions.NAMESPACE, TestFunctions.ECHO.name());

  /** What {@code "echo-all"} sends: a String, Integer, Long, Boolean, Float and Double. */
  public static final List<Object> PRIMITIVES =
      List.of("text ✓", -42, Long.MAX_VALUE, true, 1.5f, -2.25d);

  /**
   * What {@code "echo-edges"} sends: edge values of each primitive type, including the types'
   * default values (which the protocol's wrapper messages encode as no bytes at all).
   */
  public static final List<Object> EDGES =
      List.of(
          "",
          "ünïcödé ✓ 𝄞 end",
          0,
          Integer.MIN_VALUE,
          Integer.MAX_VALUE,
          0L,
          Long.MIN_VALUE,
          Long.MAX_VALUE,
          false,
          true,
          0.0f,
          -0.0f,
          Float.MIN_VALUE,
          Float.MAX_VALUE,
          Float.NEGATIVE_INFINITY,
          Float.NaN,
          0.0d,
          -0.0d,
          Double.MIN_VALUE,
          -Double.MAX_VALUE,
          Double.POSITIVE_INFINITY,
          Double.NaN);

  public static final FunctionType GREETER =
      new FunctionType(TestFunctions.NAMESPACE, TestFunctions.GREETER.name());

  public static final FunctionType SEQUENCER =
      new FunctionType(TestFunctions.NAMESPACE, TestFunctions.SEQUENCER.name());

  @Override
  public void invoke(Context context, Object message) {
    Address caller = context.caller();
    if (caller == null && ("echo-all".equals(message) || "echo-edges".equals(message))) {
      for (Object value : "echo-all".equals(message) ? PRIMITIVES : EDGES) {
        context.send(ECHO, context.self().id(), value);
      }
      return;
    }
    if (caller == null && "greet".equals(message)) {
      context.send(GREETER, context.self().id(), context.self().id());
      return;
    }
    if (caller == null && message instanceof String s && s.startsWith("burst ")) {
      String[] burst = s.split(" ");
      int n = Integer.parseInt(burst[1]);
      for (int i = 1; i <= n; i++) {
        context.send(SEQUENCER, burst[2], String.valueOf(i));
      }
      return;
    }
    context.send(
        OUT,
        "embedded "
            + context.self().id()
            + " "
            + message
            + " ("
            + message.getClass().getSimpleName()
            + ") from "
            + (caller == null ? "ingress" : caller.type() + "/" + caller.id()));
  }
}
