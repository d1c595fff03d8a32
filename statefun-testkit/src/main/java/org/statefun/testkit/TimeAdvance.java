package org.statefun.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.statefun.sdk.io.EgressIdentifier;

/**
 * What {@link FunctionHarness#advanceTime} fired: delayed messages to the harness's function type
 * were delivered (one {@link Invocation} each, in due order); those to other function types are
 * listed as {@link #firedElsewhere()}, since the harness runs one function type.
 */
public final class TimeAdvance {

  private final Instant now;
  final List<Invocation> invocations = new ArrayList<>();
  final List<Sent> firedElsewhere = new ArrayList<>();

  TimeAdvance(Instant now) {
    this.now = now;
  }

  /** The harness clock after the advance. */
  public Instant now() {
    return now;
  }

  /** The invocations of the delayed messages that fired for the harness's function, in order. */
  public List<Invocation> invocations() {
    return List.copyOf(invocations);
  }

  /** The delayed messages that fired for other function types, in due order. */
  public List<Sent> firedElsewhere() {
    return List.copyOf(firedElsewhere);
  }

  /** The messages every fired invocation sent, in order. */
  public List<Sent> sent() {
    return invocations.stream().flatMap(i -> i.sent.stream()).toList();
  }

  /** The records every fired invocation sent to {@code egress}, in order. */
  public <T> List<T> egress(EgressIdentifier<T> egress) {
    return invocations.stream().flatMap(i -> i.egress(egress).stream()).toList();
  }

  @Override
  public String toString() {
    return "time advanced to " + now + ": " + invocations + ", elsewhere " + firedElsewhere;
  }
}
