package org.statefun.testkit;

import java.util.ArrayList;
import java.util.List;
import org.statefun.sdk.Address;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.io.EgressIdentifier;

/**
 * What one invocation of a function did: the messages it sent, the egress records, the delayed
 * messages it scheduled and cancelled, and the async operations it registered, each in the order
 * the function did them. The state it left is in {@link FunctionHarness#state(String)}.
 */
public final class Invocation {

  private final Address self;
  private final Address caller;
  private final Object message;
  final List<Sent> sent = new ArrayList<>();
  final List<EgressRecord> egress = new ArrayList<>();
  final List<Delayed> delayed = new ArrayList<>();
  final List<String> cancelled = new ArrayList<>();
  final List<PendingAsync> async = new ArrayList<>();

  Invocation(Address self, Address caller, Object message) {
    this.self = self;
    this.caller = caller;
    this.message = message;
  }

  /** The invoked address. */
  public Address self() {
    return self;
  }

  /** The caller the function saw: {@code null} for a message from an ingress. */
  public Address caller() {
    return caller;
  }

  /** The message the function handled. */
  public Object message() {
    return message;
  }

  /** Every message sent to an address ({@code send} and {@code reply}), in order. */
  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** The messages sent to {@code to}, in order. */
  public List<Object> sentTo(Address to) {
    return sent.stream().filter(s -> s.to().equals(to)).map(Sent::message).toList();
  }

  /** The messages sent to instance {@code id} of {@code type}, in order. */
  public List<Object> sentTo(FunctionType type, String id) {
    return sentTo(new Address(type, id));
  }

  /** Every egress record, in order. */
  public List<EgressRecord> egressRecords() {
    return List.copyOf(egress);
  }

  /** The records sent to {@code egress} (matched by {@code namespace/name}), in order. */
  @SuppressWarnings("unchecked")
  public <T> List<T> egress(EgressIdentifier<T> egress) {
    return (List<T>) egress(egress.toString());
  }

  /** The records sent to the egress {@code namespace/name}, in order. */
  public List<Object> egress(String egressId) {
    return egress.stream()
        .filter(r -> r.egress().toString().equals(egressId))
        .map(EgressRecord::record)
        .toList();
  }

  /** The delayed messages scheduled, in order. */
  public List<Delayed> delayed() {
    return List.copyOf(delayed);
  }

  /** The cancellation tokens passed to {@code cancelDelayedMessage}, in order. */
  public List<String> cancelled() {
    return List.copyOf(cancelled);
  }

  /** The async operations registered, in order. */
  public List<PendingAsync> asyncOperations() {
    return List.copyOf(async);
  }

  /** Whether the invocation did nothing observable besides state. */
  public boolean isQuiet() {
    return sent.isEmpty()
        && egress.isEmpty()
        && delayed.isEmpty()
        && cancelled.isEmpty()
        && async.isEmpty();
  }

  @Override
  public String toString() {
    return "invocation of "
        + self
        + " with "
        + message
        + ": sent="
        + sent
        + ", egress="
        + egress
        + ", delayed="
        + delayed
        + ", cancelled="
        + cancelled
        + ", async="
        + async;
  }
}
