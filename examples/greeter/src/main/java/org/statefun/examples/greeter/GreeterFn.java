package org.statefun.examples.greeter;

import org.statefun.sdk.Context;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.state.Persisted;
import org.statefun.sdk.state.PersistedValue;

/**
 * Greets a person (the address id is the name) and remembers how often they came. Bound in
 * module.yaml as function type {@code demo/greeter}; greetings go to egress {@code demo/greetings}.
 */
public final class GreeterFn implements StatefulFunction {

  /** The egress bound in module.yaml; functions address it by id. */
  static final EgressIdentifier<String> GREETINGS =
      new EgressIdentifier<>(String.class, "demo", "greetings");

  @Persisted
  private final PersistedValue<Integer> visits = PersistedValue.of("visits", Integer.class);

  @Override
  public void invoke(Context context, Object message) {
    int visit = visits.updateAndGet(count -> count == null ? 1 : count + 1);
    context.send(GREETINGS, greeting(context.self().id(), visit));
  }

  static String greeting(String name, int visit) {
    return "Hello " + name + ", this is visit #" + visit;
  }
}
