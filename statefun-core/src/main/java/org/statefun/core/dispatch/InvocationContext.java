package org.statefun.core.dispatch;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.statefun.core.message.Envelope;
import org.statefun.sdk.Address;
import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.metrics.Metrics;

/** The {@link Context} of the invocation in progress; one per subtask, re-pointed per message. */
final class InvocationContext implements Context {

  /** What the context asks of its dispatcher. */
  interface Effects {
    void send(Envelope envelope);

    void sendToEgress(Address from, EgressIdentifier<?> egress, Object message);

    void sendAfter(Address from, long delayMillis, Envelope envelope, String token)
        throws Exception;

    void cancelDelayed(Address from, String token) throws Exception;

    void registerAsync(Address owner, Object metadata, CompletableFuture<?> future);
  }

  private final Effects effects;
  private Address self;
  private Address caller;
  private Metrics metrics;

  InvocationContext(Effects effects) {
    this.effects = effects;
  }

  void begin(Envelope envelope, Metrics metrics) {
    this.self = envelope.target();
    this.caller = envelope.source();
    this.metrics = metrics;
  }

  @Override
  public Metrics metrics() {
    return metrics;
  }

  @Override
  public Address self() {
    return self;
  }

  @Override
  public Address caller() {
    return caller;
  }

  @Override
  public void send(Address to, Object message) {
    Objects.requireNonNull(to, "to");
    effects.send(new Envelope(to, self, message));
  }

  @Override
  public void send(FunctionType type, String id, Object message) {
    send(new Address(type, id), message);
  }

  @Override
  public <T> void send(EgressIdentifier<T> egress, T message) {
    Objects.requireNonNull(egress, "egress");
    effects.sendToEgress(self, egress, message);
  }

  @Override
  public void reply(Object message) {
    if (caller == null) {
      throw new IllegalStateException(
          "reply() called by "
              + self
              + " while handling a message from an ingress: there is no caller to reply to");
    }
    send(caller, message);
  }

  @Override
  public void sendAfter(Duration delay, Address to, Object message) {
    scheduleAfter(delay, to, message, null);
  }

  @Override
  public void sendAfter(Duration delay, Address to, Object message, String cancellationToken) {
    scheduleAfter(
        delay, to, message, Objects.requireNonNull(cancellationToken, "cancellationToken"));
  }

  private void scheduleAfter(Duration delay, Address to, Object message, String token) {
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(to, "to");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("sendAfter delay must not be negative, got " + delay);
    }
    if (delay.compareTo(MAX_DELAY) > 0) {
      throw new IllegalArgumentException(
          "sendAfter delay "
              + delay
              + " is longer than the longest supported delay, "
              + MAX_DELAY.toDays()
              + " days (Context.MAX_DELAY)");
    }
    try {
      effects.sendAfter(self, delay.toMillis(), new Envelope(to, self, message), token);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Failed to store a delayed message of " + self, e);
    }
  }

  @Override
  public void cancelDelayedMessage(String cancellationToken) {
    Objects.requireNonNull(cancellationToken, "cancellationToken");
    try {
      effects.cancelDelayed(self, cancellationToken);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Failed to cancel a delayed message of " + self, e);
    }
  }

  @Override
  public <M, T> void registerAsyncOperation(M metadata, CompletableFuture<T> future) {
    Objects.requireNonNull(future, "future");
    effects.registerAsync(self, metadata, future);
  }
}
