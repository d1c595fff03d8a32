package org.statefun.thirdparty;

import org.statefun.sdk.Context;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.state.Persisted;
import org.statefun.sdk.state.PersistedValue;

/** Counts the messages of its id and prints each with the count so far. */
public class Tally implements StatefulFunction {
  static final EgressIdentifier<String> OUT = new EgressIdentifier<>(String.class, "count", "out");

  @Persisted final PersistedValue<Integer> count = PersistedValue.of("count", Integer.class);

  @Override
  public void invoke(Context context, Object message) {
    int n = count.updateAndGet(c -> c == null ? 1 : c + 1);
    context.send(OUT, context.self().id() + " " + message + " " + n);
  }
}
