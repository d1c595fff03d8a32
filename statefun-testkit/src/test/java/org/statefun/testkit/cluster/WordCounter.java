package org.statefun.testkit.cluster;

import java.time.Duration;
import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.state.Persisted;
import org.statefun.sdk.state.PersistedValue;

/**
 * Counts each word (address id = word): reports {@code word#n} to {@code kit/counts}, tells the
 * total (another type, another key: a loop message) and reminds itself 50 ms later (a delayed
 * message), which reports {@code late word#n}.
 */
public final class WordCounter implements StatefulFunction {

  public static final FunctionType TYPE = new FunctionType("kit", "counter");
  public static final EgressIdentifier<Object> COUNTS =
      new EgressIdentifier<>(Object.class, "kit", "counts");

  @Persisted
  private final PersistedValue<Integer> count = PersistedValue.of("count", Integer.class);

  @Override
  public void invoke(Context context, Object message) {
    String word = context.self().id();
    if (message instanceof Integer n) {
      context.send(COUNTS, "late " + word + "#" + n);
      return;
    }
    int n = count.updateAndGet(c -> c == null ? 1 : c + 1);
    context.send(COUNTS, word + "#" + n);
    context.send(Total.TYPE, "all", word);
    context.sendAfter(Duration.ofMillis(50), context.self(), n);
  }

  /** Counts every word: reports {@code total n} to {@code kit/totals}. */
  public static final class Total implements StatefulFunction {
    public static final FunctionType TYPE = new FunctionType("kit", "total");
    public static final EgressIdentifier<Object> TOTALS =
        new EgressIdentifier<>(Object.class, "kit", "totals");

    @Persisted
    private final PersistedValue<Integer> total = PersistedValue.of("total", Integer.class);

    @Override
    public void invoke(Context context, Object message) {
      context.send(TOTALS, "total " + total.updateAndGet(t -> t == null ? 1 : t + 1));
    }
  }
}
