package org.statefun.io.kafka.it;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.statefun.io.kafka.KafkaEgressRecord;
import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.io.EgressIdentifier;

/**
 * {@code rt/users}, one instance per user (the Kafka record key): asks {@code rt/audit} to audit
 * each event, and writes "user event audited by auditor" to {@code rt/out} when the auditor
 * answers. Throws once when {@link #failAfter} armed it (the MiniCluster runs in the test JVM).
 */
public final class UserFn implements StatefulFunction {

  static final FunctionType AUDIT = new FunctionType("rt", "audit");
  static final EgressIdentifier<Object> OUT = new EgressIdentifier<>(Object.class, "rt", "out");

  static final AtomicBoolean ARMED = new AtomicBoolean();
  static final AtomicInteger COUNTDOWN = new AtomicInteger();
  static final AtomicBoolean FAILED = new AtomicBoolean();

  /** Arms the failure: the {@code events}-th event handled from now on throws, once. */
  static void failAfter(int events) {
    COUNTDOWN.set(events);
    ARMED.set(true);
  }

  static String auditor(long event) {
    return "a" + (event % 13);
  }

  static String output(String user, long event) {
    return user + " " + event + " audited by " + auditor(event);
  }

  @Override
  public void invoke(Context context, Object message) {
    String user = context.self().id();
    if (context.caller() == null) {
      if (ARMED.get() && COUNTDOWN.decrementAndGet() == 0 && FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("injected failure");
      }
      long event = Long.parseLong((String) message);
      context.send(AUDIT, auditor(event), event);
    } else {
      long event = (Long) message;
      context.send(OUT, KafkaEgressRecord.keyed(user, output(user, event)));
    }
  }
}
