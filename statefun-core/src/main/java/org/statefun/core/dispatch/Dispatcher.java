package org.statefun.core.dispatch;

import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.statefun.core.classloading.ContextClassLoader;
import org.statefun.core.feedback.LoopActivity;
import org.statefun.core.message.Envelope;
import org.statefun.core.spill.SpillingQueue;
import org.statefun.sdk.Address;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.io.EgressIdentifier;

/**
 * What the function task does with messages, free of Flink: it queues messages for ids this subtask
 * owns and runs them in bounded batches ({@link LocalWork}), invokes each message's function under
 * the function's class loader, and carries out the effects of an invocation — a message to a local
 * id is queued, one to an id of another subtask leaves through the loop, an egress message through
 * its egress, delayed messages and async operations are registered. A failing invocation goes to
 * its type's failure policy.
 *
 * <p>{@link DispatchOperator} plugs in Flink through the small interfaces below (keyed state,
 * mailbox, outputs); unit tests plug in fakes.
 */
final class Dispatcher implements InvocationContext.Effects, LoopActivity {

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  /** The keyed task the dispatcher runs in. */
  interface Task extends Mailbox {
    /** Points keyed state (persisted fields, delayed messages) at address id {@code id}. */
    void setCurrentKey(String id);

    /** True when address id {@code id} belongs to this subtask's key groups. */
    boolean isLocal(String id);

    /**
     * Removes async operation {@code id}, which a checkpoint wrote into {@code owner}'s keyed
     * state, from that state: it has completed.
     */
    void removePersistedAsync(Address owner, long id) throws Exception;

    /** Counts a message dropped because its function type is no longer bound. */
    void countDropped();
  }

  /** Where messages to ids of other subtasks leave: into the loop, towards their owner. */
  @FunctionalInterface
  interface LoopOutput {
    void send(Envelope envelope);
  }

  /**
   * Where messages for one bound egress leave.
   *
   * @param id the egress as bound
   * @param sink takes each message
   */
  record EgressOutput(EgressIdentifier<?> id, Consumer<Object> sink) {}

  /** The function objects of the subtask, by type. */
  @FunctionalInterface
  interface Functions {
    LiveFunction get(FunctionType type);
  }

  /** Delayed messages, kept under the current key (the sender's id). */
  interface DelayedSends {
    void schedule(Address sender, long delayMillis, Envelope envelope, String token)
        throws Exception;

    /** Returns whether a pending message was cancelled. */
    boolean cancel(Address sender, String token) throws Exception;

    /** Delayed messages not yet delivered or cancelled. */
    int pending();
  }

  /** Applies the failure policy of a message whose invocation threw. */
  @FunctionalInterface
  interface Failures {
    void handle(Envelope envelope, Throwable error);
  }

  private final BoundTypes bound;
  private final Map<String, EgressOutput> egresses;
  private final int maxAsyncOperations;
  private final LocalWork work;
  private final Functions functions;
  private final DelayedSends delayed;
  private final Failures failures;
  private final SerializabilityCheck serializability;
  private final Task task;
  private final LoopOutput loop;
  private final InvocationContext context = new InvocationContext(this);
  // The metrics of the type being invoked; sends during an invocation count here.
  private FunctionMetrics current = FunctionMetrics.unreported();
  // Messages the running invocation sent: what it costs of its step's budget.
  private int sent;
  private final AsyncOperations async = new AsyncOperations();
  // Functions use a few egress identifiers, usually constants: look them up by identity first.
  private final IdentityHashMap<EgressIdentifier<?>, EgressOutput> egressCache =
      new IdentityHashMap<>();

  /**
   * @param bound the function types the universe binds
   * @param egresses the bound egresses, by {@code namespace/name}
   * @param batchSize invocations per mailbox step
   * @param maxAsyncOperations in-flight async operations before invocations pause
   * @param queue where messages for local ids wait
   */
  Dispatcher(
      BoundTypes bound,
      Map<String, EgressOutput> egresses,
      int batchSize,
      int maxAsyncOperations,
      SpillingQueue<Envelope> queue,
      Functions functions,
      DelayedSends delayed,
      Failures failures,
      SerializabilityCheck serializability,
      Task task,
      LoopOutput loop) {
    this.bound = bound;
    this.egresses = Map.copyOf(egresses);
    this.maxAsyncOperations = maxAsyncOperations;
    this.functions = functions;
    this.delayed = delayed;
    this.failures = failures;
    this.serializability = serializability;
    this.task = task;
    this.loop = loop;
    this.work = new LocalWork(queue, batchSize, task, this::invoke, this::asyncAtLimit);
  }

  /**
   * Takes a message from the head (routed ingress record or loop message) and runs what this step's
   * budget allows. Never blocks: loop messages must always be taken (the loop would deadlock
   * otherwise); ingress records are held back by the head while {@link #isBacklogged()}.
   */
  void accept(Envelope envelope) throws Exception {
    work.add(envelope);
    work.run();
  }

  /** Queues {@code envelope} for local delivery without running anything; see {@link #run()}. */
  void enqueue(Envelope envelope) throws IOException {
    work.add(envelope);
  }

  /** Runs queued messages within this step's budget. */
  void run() throws Exception {
    work.run();
  }

  /** Delivers a delayed message whose time has come (its sender's id is the current key). */
  void deliverDelayed(Envelope envelope) throws Exception {
    Address sender = envelope.source();
    if (sender != null && bound.isBound(sender.type())) {
      functions.get(sender.type()).metrics().delayedPending--;
    }
    if (bound.isBound(envelope.target().type())) {
      route(envelope);
      work.run();
    } else {
      dropUnbound(envelope);
    }
  }

  /** Hands every async operation not yet in keyed state to {@code persister}; at checkpoints. */
  void persistNewAsync(AsyncOperations.Persister persister) throws Exception {
    async.persistNew(persister);
  }

  // ---- LoopActivity, asked by the head ----

  @Override
  public boolean isIdle() {
    return work.isEmpty() && async.size() == 0 && delayed.pending() == 0;
  }

  @Override
  public boolean isBacklogged() {
    return work.isBacklogged() || asyncAtLimit();
  }

  @Override
  public void beginStep() {
    work.beginStep();
  }

  @Override
  public void forEachQueued(SpillingQueue.SerializedSink sink) throws IOException {
    work.queue().forEachSerialized(sink);
  }

  /** Closes the queue, deleting its spill files. */
  void close() throws IOException {
    work.close();
  }

  private boolean asyncAtLimit() {
    return async.size() >= maxAsyncOperations;
  }

  /** Invokes {@code envelope}'s function; returns how many messages it sent. */
  private int invoke(Envelope envelope) throws Exception {
    if (!bound.isBound(envelope.target().type())) {
      // Live sends are checked when sent; this one was restored from a checkpoint or savepoint.
      dropUnbound(envelope);
      return 0;
    }
    sent = 0;
    task.setCurrentKey(envelope.target().id());
    LiveFunction live = functions.get(envelope.target().type());
    FunctionMetrics metrics = live.metrics();
    current = metrics;
    context.begin(envelope, metrics.user());
    ClassLoader previous = ContextClassLoader.enter(live.classLoader());
    long start = metrics.beginInvocation();
    try {
      live.function().invoke(context, envelope.payload());
    } catch (OutputFailure e) {
      // Not the function's fault: a sink or the network failed; the job fails over.
      throw e;
    } catch (Exception | LinkageError | StackOverflowError e) {
      if (isCancellation(e)) {
        throw e;
      }
      failures.handle(envelope, e);
    } finally {
      metrics.endInvocation(start);
      ContextClassLoader.restore(previous);
    }
    return sent;
  }

  private static boolean isCancellation(Throwable error) {
    if (Thread.currentThread().isInterrupted()) {
      return true;
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The policy for messages restored from a checkpoint or savepoint whose function type the current
   * modules no longer bind: they cannot be delivered, so they are dropped, each logged with its
   * address and counted in the {@code statefunDroppedMessages} metric.
   */
  private void dropUnbound(Envelope envelope) {
    task.countDropped();
    Object payload = envelope.payload();
    LOG.warn(
        "Dropping a message of type {} from {} to {}: function type {} is not bound by the current"
            + " modules (the message was restored from a checkpoint or savepoint taken when it was)",
        payload == null ? "null" : payload.getClass().getName(),
        envelope.source() == null ? "an ingress" : envelope.source(),
        envelope.target(),
        envelope.target().type());
  }

  /** Queues {@code envelope} here or sends it through the loop; returns true when queued here. */
  private boolean route(Envelope envelope) {
    if (task.isLocal(envelope.target().id())) {
      try {
        work.add(envelope);
      } catch (IOException e) {
        throw OutputFailure.of("the queue of local messages (spilling to disk)", e);
      }
      return true;
    } else {
      try {
        loop.send(envelope);
      } catch (RuntimeException e) {
        throw OutputFailure.of("the loop towards " + envelope.target(), e);
      }
      return false;
    }
  }

  /**
   * Fails when {@code payload} cannot be serialized, which any message may have to be; {@code what}
   * describes it (built only then: this runs for every message).
   */
  private void requireSerializable(Object payload, Supplier<String> what) {
    String problem = serializability.problem(payload);
    if (problem != null) {
      throw new MessageDeliveryException(what.get() + " that cannot be serialized: " + problem);
    }
  }

  private static String typeName(Object value) {
    return value == null ? "null" : value.getClass().getName();
  }

  // ---- InvocationContext.Effects, called by functions during invoke() ----

  @Override
  public void send(Envelope envelope) {
    if (!bound.isBound(envelope.target().type())) {
      throw bound.unbound("Function " + envelope.source(), envelope.target());
    }
    requireSerializable(
        envelope.payload(),
        () ->
            "Function "
                + envelope.source()
                + " sent a message of type "
                + typeName(envelope.payload())
                + " to "
                + envelope.target());
    if (route(envelope)) {
      current.messagesOutLocal++;
    } else {
      current.messagesOutLoop++;
    }
    sent++;
  }

  @Override
  public void sendToEgress(Address from, EgressIdentifier<?> egress, Object message) {
    EgressOutput output = egressCache.get(egress);
    if (output == null) {
      output = egresses.get(egress.toString());
      if (output != null) {
        egressCache.put(egress, output);
      }
    }
    if (output == null) {
      throw new MessageDeliveryException(
          "Function "
              + from
              + " sent a message to egress "
              + egress
              + ", but no egress with that id is bound. Bound egresses: "
              + egresses.keySet().stream().sorted().toList());
    }
    Class<?> accepted = output.id().consumedType();
    if (message == null || !accepted.isInstance(message)) {
      throw new MessageDeliveryException(
          "Function "
              + from
              + " sent a message of type "
              + (message == null ? "null" : message.getClass().getName())
              + " to egress "
              + egress
              + ", which accepts "
              + accepted.getName());
    }
    try {
      output.sink().accept(message);
    } catch (RuntimeException e) {
      throw OutputFailure.of("egress " + egress, e);
    }
    current.messagesOutEgress++;
    sent++;
  }

  @Override
  public void sendAfter(Address from, long delayMillis, Envelope envelope, String token)
      throws Exception {
    if (!bound.isBound(envelope.target().type())) {
      throw bound.unbound("Function " + from, envelope.target());
    }
    requireSerializable(
        envelope.payload(),
        () ->
            "Function "
                + from
                + " sent a delayed message of type "
                + typeName(envelope.payload())
                + " to "
                + envelope.target());
    delayed.schedule(from, delayMillis, envelope, token);
    current.delayedPending++;
  }

  @Override
  public void cancelDelayed(Address from, String token) throws Exception {
    if (delayed.cancel(from, token)) {
      current.delayedPending--;
    }
  }

  @Override
  public void registerAsync(Address owner, Object metadata, CompletableFuture<?> future) {
    requireSerializable(
        metadata,
        () ->
            "Function "
                + owner
                + " registered an async operation with metadata of type "
                + typeName(metadata));
    long id = async.register(owner, metadata, current);
    current.asyncInFlight++;
    future.whenComplete(
        (value, failure) -> {
          try {
            task.execute(() -> onAsyncComplete(id, value, failure), "statefun async result");
          } catch (RejectedExecutionException e) {
            // The task is shutting down; a restore delivers the operation as UNKNOWN.
          }
        });
  }

  private void onAsyncComplete(long id, Object value, Throwable failure) throws Exception {
    AsyncOperations.Pending pending = async.remove(id);
    if (pending == null) {
      return;
    }
    pending.metrics.asyncInFlight--;
    if (pending.persisted) {
      task.removePersistedAsync(pending.owner, id);
    }
    // The result runs now, ahead of the queue: queued behind messages that start new operations,
    // it would wait while they refill the limit, and an owner whose operations end only when it
    // handles a result (a remote function's waiting messages) would never get to it.
    invoke(AsyncOperations.resultMessage(pending, value, failure));
    work.run();
  }
}
