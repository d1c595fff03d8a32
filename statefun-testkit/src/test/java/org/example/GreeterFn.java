package org.example;

import org.statefun.sdk.Context;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.state.Persisted;
import org.statefun.sdk.state.PersistedValue;

public final class GreeterFn implements StatefulFunction {
  static final EgressIdentifier<String> GREETINGS =
      new EgressIdentifier<>(String.class, "demo", "greetings");

  @Persisted
  private final PersistedValue<Integer> visits = PersistedValue.of("visits", Integer.class);

  @Override
  public void invoke(Context context, Object message) {
    int visit = visits.updateAndGet(count -> count == null ? 1 : count + 1);
    context.send(GREETINGS, "Hello " + context.self().id() + ", this is visit #" + visit);
  }
}
