package org.statefun.io.kafka.it;

import org.statefun.sdk.Context;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.state.Persisted;
import org.statefun.sdk.state.PersistedValue;

/** {@code rt/audit}: counts what it audits and answers the caller with the event. */
public final class AuditFn implements StatefulFunction {

  @Persisted private final PersistedValue<Long> audited = PersistedValue.of("audited", Long.class);

  @Override
  public void invoke(Context context, Object message) {
    audited.updateAndGet(n -> n == null ? 1L : n + 1);
    context.reply(message);
  }
}
