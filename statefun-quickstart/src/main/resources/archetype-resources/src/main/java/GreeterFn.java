package ${package};

import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.state.Persisted;
import org.statefun.sdk.state.PersistedValue;

/** Greets the name that is its address id, counting visits in persisted state. */
public final class GreeterFn implements StatefulFunction {

  /** The function type; an address is the type plus an id, here a name. */
  public static final FunctionType TYPE = new FunctionType("${artifactId}", "greeter");

  /** The print egress of module.yaml. */
  public static final EgressIdentifier<String> GREETINGS =
      new EgressIdentifier<>(String.class, "${artifactId}", "greetings");

  /** The state of the address being invoked, kept in checkpoints. */
  @Persisted
  private final PersistedValue<Integer> visits = PersistedValue.of("visits", Integer.class);

  @Override
  public void invoke(Context context, Object message) {
    int visit = visits.updateAndGet(count -> count == null ? 1 : count + 1);
    context.send(GREETINGS, "Hello " + context.self().id() + ", this is visit #" + visit);
  }
}
