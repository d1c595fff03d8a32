package org.statefun.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.statefun.sdk.Address;
import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.StatefulFunctionProvider;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.metrics.Metrics;

/**
 * Drives one stateful function in a unit test, without Flink: invoke it with messages and see what
 * it did.
 *
 * <pre>{@code
 * FunctionHarness harness = FunctionHarness.of(new GreeterFn(), new FunctionType("demo", "greeter"));
 * Invocation first = harness.invoke("alice", "hi");
 * assertEquals(List.of("Hello alice, this is visit #1"), first.egress(GREETINGS));
 * assertEquals(1, harness.state("alice").value("visits"));
 * }</pre>
 *
 * <p>The harness binds the function's {@code @Persisted} fields (values, tables, appending buffers
 * and a {@code PersistedStateRegistry}) to in-memory state per address, as the runtime binds them
 * to Flink keyed state, so one function object serves every address of its type. Expiration follows
 * the harness's own clock, which only {@link #advanceTime} moves; advancing it also delivers the
 * delayed messages that come due. Async operations stay pending until the test completes or fails
 * them ({@link #pendingAsync()}).
 *
 * <p>Messages the function sends to addresses (its own type included) are recorded, not delivered:
 * deliver one yourself with {@link #invoke(Address, String, Object)}. A harness is not thread-safe.
 * Differences from the runtime: state lives on the heap, so mutating a stored object without
 * writing it back is not caught (the RocksDB backend would not see the change), and when the
 * function throws, the exception propagates and what it did before stays done (the runtime's {@code
 * skip} and {@code dead-letter} policies behave so; {@code fail} rolls back to a checkpoint).
 */
public final class FunctionHarness {

  /** Where the harness clock starts. */
  public static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

  private final FunctionType type;
  private final StatefulFunction function;
  private final Map<String, States.Store> stores;
  private final List<Delayed> pendingDelayed = new ArrayList<>();
  private final List<PendingAsync> pendingAsync = new ArrayList<>();
  private final HarnessMetrics metrics = new HarnessMetrics();
  private Instant now = START;
  private Invocation current;

  private FunctionHarness(StatefulFunction function, FunctionType type) {
    this.type = Objects.requireNonNull(type, "type");
    this.function = Objects.requireNonNull(function, "function");
    this.stores = PersistedFieldBinder.bind(type, function, new Scope());
  }

  /**
   * A harness for {@code function} bound as {@code type}.
   *
   * @throws IllegalArgumentException when a persisted field is invalid (as the runtime would reject
   *     it)
   */
  public static FunctionHarness of(StatefulFunction function, FunctionType type) {
    return new FunctionHarness(function, type);
  }

  /** A harness for the function {@code provider} creates for {@code type}. */
  public static FunctionHarness of(StatefulFunctionProvider provider, FunctionType type) {
    return new FunctionHarness(provider.functionOfType(type), type);
  }

  /** The function type the harness runs. */
  public FunctionType type() {
    return type;
  }

  /** The function object. */
  public StatefulFunction function() {
    return function;
  }

  /** The harness clock: {@link #START} until {@link #advanceTime} moves it. */
  public Instant now() {
    return now;
  }

  /** The address of instance {@code id} of the harness's type. */
  public Address address(String id) {
    return new Address(type, id);
  }

  /**
   * Invokes instance {@code id} with {@code message} as if it came from an ingress ({@code
   * caller()} is null).
   *
   * @throws Exception whatever the function throws
   */
  public Invocation invoke(String id, Object message) throws Exception {
    return invoke(null, id, message);
  }

  /**
   * Invokes instance {@code id} with {@code message} sent by {@code caller} (null for an ingress).
   *
   * @throws Exception whatever the function throws
   */
  public Invocation invoke(Address caller, String id, Object message) throws Exception {
    return run(address(Objects.requireNonNull(id, "id")), caller, message);
  }

  /**
   * Moves the clock forward by {@code duration}. Delayed messages that come due on the way fire in
   * due order (the clock stands at each one's due time while it is handled): those to this function
   * type invoke it, with the sender as caller; those to other types are listed in {@link
   * TimeAdvance#firedElsewhere()}. Messages scheduled by fired invocations fire too when they come
   * due within the advance. State expiration follows the clock.
   *
   * @throws Exception whatever a fired invocation throws
   */
  public TimeAdvance advanceTime(Duration duration) throws Exception {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("Time only moves forward, got " + duration);
    }
    requireIdle();
    Instant target = now.plus(duration);
    List<Invocation> fired = new ArrayList<>();
    List<Sent> elsewhere = new ArrayList<>();
    while (true) {
      Delayed next =
          pendingDelayed.stream()
              .filter(d -> !d.dueAt().isAfter(target))
              .min(Comparator.comparing(Delayed::dueAt))
              .orElse(null);
      if (next == null) {
        break;
      }
      pendingDelayed.remove(next);
      if (next.dueAt().isAfter(now)) {
        now = next.dueAt();
      }
      if (next.to().type().equals(type)) {
        fired.add(run(next.to(), next.from(), next.message()));
      } else {
        elsewhere.add(new Sent(next.from(), next.to(), next.message()));
      }
    }
    now = target;
    TimeAdvance advance = new TimeAdvance(now);
    advance.invocations.addAll(fired);
    advance.firedElsewhere.addAll(elsewhere);
    return advance;
  }

  /** The delayed messages scheduled and neither fired nor cancelled, in due order. */
  public List<Delayed> pendingDelayed() {
    return pendingDelayed.stream().sorted(Comparator.comparing(Delayed::dueAt)).toList();
  }

  /** The async operations whose results were not delivered yet, in registration order. */
  public List<PendingAsync> pendingAsync() {
    return List.copyOf(pendingAsync);
  }

  /**
   * The count of the user counter {@code name} that the function increments through {@code
   * context.metrics()}, over every invocation so far; 0 if it never asked for that counter.
   */
  public long counter(String name) {
    return metrics.count(name);
  }

  /** The persisted state of instance {@code id}. */
  public StateView state(String id) {
    return new StateView(address(id), stores);
  }

  Invocation deliver(Address to, Address caller, Object message) {
    try {
      return run(to, caller, message);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new FunctionFailedException(to, message, e);
    }
  }

  void asyncDelivered(PendingAsync async) {
    pendingAsync.remove(async);
  }

  private Invocation run(Address self, Address caller, Object message) throws Exception {
    requireIdle();
    Invocation invocation = new Invocation(self, caller, message);
    current = invocation;
    try {
      function.invoke(new HarnessContext(invocation), message);
    } finally {
      current = null;
    }
    return invocation;
  }

  private void requireIdle() {
    if (current != null) {
      throw new IllegalStateException(
          "The harness is already invoking " + current.self() + "; it runs one message at a time");
    }
  }

  /** What the stores see: the current address and the clock. */
  private final class Scope implements States.Scope {
    @Override
    public String currentId(String stateName) {
      if (current == null) {
        throw new IllegalStateException(
            "Persisted state '"
                + stateName
                + "' was used outside an invocation; read it with harness.state(id)");
      }
      return current.self().id();
    }

    @Override
    public Instant now() {
      return now;
    }
  }

  /** The context of one invocation, recording what the function does. */
  private final class HarnessContext implements Context {
    private final Invocation invocation;

    @Override
    public Metrics metrics() {
      return metrics;
    }

    HarnessContext(Invocation invocation) {
      this.invocation = invocation;
    }

    @Override
    public Address self() {
      return invocation.self();
    }

    @Override
    public Address caller() {
      return invocation.caller();
    }

    @Override
    public void send(Address to, Object message) {
      Objects.requireNonNull(to, "to");
      active();
      invocation.sent.add(new Sent(self(), to, message));
    }

    @Override
    public void send(FunctionType type, String id, Object message) {
      send(new Address(type, id), message);
    }

    @Override
    public <T> void send(EgressIdentifier<T> egress, T message) {
      Objects.requireNonNull(egress, "egress");
      active();
      invocation.egress.add(new EgressRecord(self(), egress, message));
    }

    @Override
    public void reply(Object message) {
      if (caller() == null) {
        throw new IllegalStateException(
            "reply() called by "
                + self()
                + " while handling a message from an ingress: there is no caller to reply to");
      }
      send(caller(), message);
    }

    @Override
    public void sendAfter(Duration delay, Address to, Object message) {
      schedule(delay, to, message, null);
    }

    @Override
    public void sendAfter(Duration delay, Address to, Object message, String cancellationToken) {
      schedule(delay, to, message, Objects.requireNonNull(cancellationToken, "cancellationToken"));
    }

    private void schedule(Duration delay, Address to, Object message, String token) {
      Objects.requireNonNull(delay, "delay");
      Objects.requireNonNull(to, "to");
      active();
      if (delay.isNegative()) {
        throw new IllegalArgumentException("sendAfter delay must not be negative, got " + delay);
      }
      if (delay.compareTo(MAX_DELAY) > 0) {
        throw new IllegalArgumentException(
            "sendAfter delay " + delay + " is longer than Context.MAX_DELAY");
      }
      if (token != null
          && pendingDelayed.stream()
              .anyMatch(d -> d.from().equals(self()) && token.equals(d.cancellationToken()))) {
        throw new IllegalStateException(
            "Address "
                + self()
                + " already has a pending delayed message with cancellation token '"
                + token
                + "'; cancel it first or use another token");
      }
      Delayed delayed = new Delayed(self(), to, message, delay, now.plus(delay), token);
      pendingDelayed.add(delayed);
      invocation.delayed.add(delayed);
    }

    @Override
    public void cancelDelayedMessage(String cancellationToken) {
      Objects.requireNonNull(cancellationToken, "cancellationToken");
      active();
      pendingDelayed.removeIf(
          d -> d.from().equals(self()) && cancellationToken.equals(d.cancellationToken()));
      invocation.cancelled.add(cancellationToken);
    }

    @Override
    public <M, T> void registerAsyncOperation(M metadata, CompletableFuture<T> future) {
      Objects.requireNonNull(future, "future");
      active();
      PendingAsync async = new PendingAsync(FunctionHarness.this, self(), metadata, future);
      pendingAsync.add(async);
      invocation.async.add(async);
    }

    private void active() {
      if (current != invocation) {
        throw new IllegalStateException(
            "The context of the invocation of " + self() + " was used after it returned");
      }
    }
  }
}
