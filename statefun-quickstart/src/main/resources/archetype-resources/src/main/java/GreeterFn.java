package ${package};

import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.state.Persisted;
import org.statefun.sdk.state.PersistedValue;

/**
 * Greets a person (the address id is the name) and counts their visits in persisted state. Bound by
 * {@link GreeterModule}; greetings go to the print egress {@code ${artifactId}/greetings} of
 * module.yaml.
 */
public final class GreeterFn implements StatefulFunction {

  /** The function type: one instance (address) per id, i.e. per name. */
  public static final FunctionType TYPE = new FunctionType("${artifactId}", "greeter");

  /** The egress declared in module.yaml; functions address it by id. */
  public static final EgressIdentifier<String> GREETINGS =
      new EgressIdentifier<>(String.class, "${artifactId}", "greetings");

  /** The state of the address being invoked: saved in checkpoints, restored on restart. */
  @Persisted
  private final PersistedValue<Integer> visits = PersistedValue.of("visits", Integer.class);

  @Override
  public void invoke(Context context, Object message) {
    int visit = visits.updateAndGet(count -> count == null ? 1 : count + 1);
    context.send(GREETINGS, "Hello " + context.self().id() + ", this is visit #" + visit);
  }
}
