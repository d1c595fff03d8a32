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

  @Override
  public void invoke(Context context, Object message) {
    Address caller = context.caller();
    if (caller == null && "echo-all".equals(message)) {
      for (Object value : PRIMITIVES) {
        context.send(ECHO, context.self().id(), value);
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
