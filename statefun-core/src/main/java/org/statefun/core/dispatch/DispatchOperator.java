package org.statefun.core.dispatch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.statefun.core.feedback.LoopActivity;
import org.statefun.core.feedback.LoopKey;
import org.statefun.core.feedback.LoopRegistry;
import org.statefun.core.feedback.SubtaskLoop;
import org.statefun.core.message.Envelope;
import org.statefun.core.message.EnvelopeSerializer;
import org.statefun.core.spill.SpillFiles;
import org.statefun.core.spill.SpillingQueue;
import org.statefun.core.state.FlinkStateBinder;
import org.statefun.sdk.Address;
import org.statefun.sdk.DeadLetter;
import org.statefun.sdk.io.EgressIdentifier;

/**
 * Invokes functions. Keyed by address id and chained behind the loop head, it receives routed
 * ingress messages and loop messages, sets the key, binds the addressed instance's state and calls
 * the function. Messages for ids this subtask owns wait in the {@link LocalWork} queue (objects
 * while it is short, spilled when it is long) and run in bounded batches between the task's other
 * work; all others leave through the main output towards the loop tail of their owner. Egress
 * messages leave through side outputs. Delayed messages wait in keyed state with a timer; async
 * results come back as mailbox letters, on this task's thread. A message whose invocation throws
 * is handled by its function type's failure policy.
 */
public final class DispatchOperator extends AbstractStreamOperator<Envelope>
    implements OneInputStreamOperator<Envelope, Envelope>,
        Triggerable<String, Long>,
        InvocationContext.Effects,
        LoopActivity {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DispatchOperator.class);

  /** Async operations pending at a checkpoint, under their owner's id: operation id → owner + metadata. */
  private static final MapStateDescriptor<Long, Envelope> ASYNC_OPERATIONS =
      new MapStateDescriptor<>("statefun.async-operations", LongSerializer.INSTANCE, new EnvelopeSerializer());

  private final DispatchPlan plan;
  private final transient MailboxExecutor mailbox;

  private transient LocalWork work;
  private transient SerializabilityCheck serializability;
  private transient FailureHandler failures;
  private transient FunctionRegistry functions;
  private transient InvocationContext context;
  private transient KeyOwnership ownership;
  private transient Routes routes;
  private transient DelayedMessages delayed;
  private transient AsyncOperations async;
  private transient LoopKey loopKey;
  private transient SubtaskLoop loop;
  private transient StreamRecord<Envelope> outgoing;
  private transient StreamRecord<Object> egressRecord;
  // Functions use a few egress identifiers, usually constants: look them up by identity first.
  private transient IdentityHashMap<EgressIdentifier<?>, DispatchPlan.EgressRoute> egressRoutes;
  private transient MapState<Long, Envelope> asyncState;
  private transient boolean restored;
  private transient Counter droppedMessages;

  DispatchOperator(StreamOperatorParameters<Envelope> parameters, DispatchPlan plan) {
    super(parameters);
    this.plan = plan;
    this.mailbox = parameters.getMailboxExecutor();
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    restored = context.isRestored();
  }

  @Override
  public void open() throws Exception {
    super.open();
    droppedMessages = getMetricGroup().counter("statefunDroppedMessages");
    var task = getRuntimeContext().getTaskInfo();
    SpillingQueue<Envelope> queue =
        new SpillingQueue<>(
            new QueuedEnvelopeCodec(task.getMaxNumberOfParallelSubtasks()),
            (int) Math.min(Integer.MAX_VALUE, 4L * plan.batchSize()),
            plan.queueMemory().bytes(),
            new SpillFiles(
                getContainingTask().getEnvironment().getIOManager().getSpillingDirectories(),
                "statefun-queue-"));
    work = new LocalWork(queue, plan.batchSize(), mailbox, this::invoke, this::asyncAtLimit);
    getMetricGroup().gauge("statefunQueuedMessages", queue::size);
    getMetricGroup().gauge("statefunQueueSpilledBytes", queue::spilledBytes);
    serializability = new SerializabilityCheck();
    failures =
        new FailureHandler(
            plan.failurePolicies(),
            plan.egresses(),
            serializability,
            (tag, letter) -> output.collect(tag, egressRecord.replace(letter)),
            getMetricGroup().counter("statefunSkippedMessages"),
            getMetricGroup().counter("statefunDeadLetters"));
    outgoing = new StreamRecord<>(null);
    egressRecord = new StreamRecord<>(null);
    egressRoutes = new IdentityHashMap<>();
    context = new InvocationContext(this);
    routes = new Routes(plan.providers().keySet());
    ownership = KeyOwnership.of(getRuntimeContext().getTaskInfo());
    async = new AsyncOperations();
    delayed =
        new DelayedMessages(
            getKeyedStateStore(),
            getInternalTimerService("statefun-delayed-messages", LongSerializer.INSTANCE, this));
    functions = new FunctionRegistry(plan.providers(), new FlinkStateBinder(getKeyedStateStore()));
    functions.createAll();
    asyncState = getKeyedStateStore().getMapState(ASYNC_OPERATIONS);
    loopKey = LoopKey.of(getRuntimeContext());
    loop = LoopRegistry.acquire(loopKey);
    loop.setActivity(this);
    if (restored) {
      reportLostAsyncResults();
    }
  }

  /**
   * Operations pending at the restored checkpoint completed (or not) in a previous attempt: their
   * owners learn once that the outcome is unknown.
   */
  private void reportLostAsyncResults() throws Exception {
    List<Map.Entry<String, Map.Entry<Long, Envelope>>> lost = new ArrayList<>();
    getKeyedStateBackend()
        .applyToAllKeys(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            ASYNC_OPERATIONS,
            (Object key, MapState<Long, Envelope> state) -> {
              for (Map.Entry<Long, Envelope> entry : state.entries()) {
                lost.add(Map.entry((String) key, Map.entry(entry.getKey(), entry.getValue())));
              }
            });
    for (Map.Entry<String, Map.Entry<Long, Envelope>> entry : lost) {
      setCurrentKey(entry.getKey());
      asyncState.remove(entry.getValue().getKey());
      Envelope operation = entry.getValue().getValue();
      work.add(AsyncOperations.unknownResultMessage(operation.target(), operation.payload()));
    }
    work.run();
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    async.persistNew(
        (id, pending) -> {
          setCurrentKey(pending.owner.id());
          asyncState.put(id, new Envelope(pending.owner, pending.owner, pending.metadata));
        });
  }

  @Override
  public void close() throws Exception {
    if (loop != null) {
      loop.setActivity(LoopActivity.NONE);
      LoopRegistry.release(loopKey);
      loop = null;
    }
    if (work != null) {
      work.close();
    }
    super.close();
  }

  /**
   * Queues the message and runs what this step's budget allows. Never blocks: loop messages must
   * always be taken (the loop would deadlock otherwise); ingress records are held back by the head
   * while {@link #isBacklogged()}.
   */
  @Override
  public void processElement(StreamRecord<Envelope> record) throws Exception {
    work.add(record.getValue());
    work.run();
  }

  @Override
  public void onProcessingTime(InternalTimer<String, Long> timer) throws Exception {
    Envelope envelope = delayed.fire(timer.getNamespace());
    if (envelope == null) {
      return;
    }
    if (routes.isBound(envelope.target().type())) {
      route(envelope);
      work.run();
    } else {
      dropUnbound(envelope);
    }
  }

  @Override
  public void onEventTime(InternalTimer<String, Long> timer) {}

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

  private boolean asyncAtLimit() {
    return async.size() >= plan.maxAsyncOperations();
  }

  private void invoke(Envelope envelope) throws Exception {
    if (!routes.isBound(envelope.target().type())) {
      // Live sends are checked when sent; this one was restored from a checkpoint or savepoint.
      dropUnbound(envelope);
      return;
    }
    setCurrentKey(envelope.target().id());
    FunctionRegistry.LiveFunction live = functions.get(envelope.target().type());
    context.begin(envelope);
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    boolean switchLoader = previous != live.classLoader();
    if (switchLoader) {
      thread.setContextClassLoader(live.classLoader());
    }
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
      if (switchLoader) {
        thread.setContextClassLoader(previous);
      }
    }
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
   * The policy for messages restored from a checkpoint or savepoint whose function type the
   * current modules no longer bind: they cannot be delivered, so they are dropped, each logged
   * with its address and counted in the {@code statefunDroppedMessages} metric.
   */
  private void dropUnbound(Envelope envelope) {
    droppedMessages.inc();
    Object payload = envelope.payload();
    LOG.warn(
        "Dropping a message of type {} from {} to {}: function type {} is not bound by the current"
            + " modules (the message was restored from a checkpoint or savepoint taken when it was)",
        payload == null ? "null" : payload.getClass().getName(),
        envelope.source() == null ? "an ingress" : envelope.source(),
        envelope.target(),
        envelope.target().type());
  }

  private void route(Envelope envelope) {
    if (ownership.isLocal(envelope.target().id())) {
      try {
        work.add(envelope);
      } catch (IOException e) {
        throw OutputFailure.of("the queue of local messages (spilling to disk)", e);
      }
    } else {
      try {
        output.collect(outgoing.replace(envelope));
      } catch (RuntimeException e) {
        throw OutputFailure.of("the loop towards " + envelope.target(), e);
      }
      loop.countSent();
    }
  }

  /**
   * Fails when {@code payload} cannot be serialized, which any message may have to be; {@code
   * what} describes it (built only then: this runs for every message).
   */
  private void requireSerializable(Object payload, Supplier<String> what) {
    String problem = serializability.problem(payload);
    if (problem != null) {
      throw new MessageDeliveryException(what.get() + " that cannot be serialized: " + problem);
    }
  }

  // ---- InvocationContext.Effects, called by functions during invoke() ----

  @Override
  public void send(Envelope envelope) {
    if (!routes.isBound(envelope.target().type())) {
      throw routes.unbound("Function " + envelope.source(), envelope.target());
    }
    requireSerializable(
        envelope.payload(),
        () -> "Function " + envelope.source() + " sent a message of type " + typeName(envelope.payload()) + " to " + envelope.target());
    route(envelope);
  }

  private static String typeName(Object value) {
    return value == null ? "null" : value.getClass().getName();
  }

  @Override
  public void sendToEgress(Address from, EgressIdentifier<?> egress, Object message) {
    DispatchPlan.EgressRoute route = egressRoutes.get(egress);
    if (route == null) {
      route = plan.egresses().get(egress.toString());
      if (route != null) {
        egressRoutes.put(egress, route);
      }
    }
    if (route == null) {
      throw new MessageDeliveryException(
          "Function "
              + from
              + " sent a message to egress "
              + egress
              + ", but no egress with that id is bound. Bound egresses: "
              + plan.egresses().keySet().stream().sorted().toList());
    }
    Class<?> accepted = route.id().consumedType();
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
      output.collect(route.tag(), egressRecord.replace(message));
    } catch (RuntimeException e) {
      throw OutputFailure.of("egress " + egress, e);
    }
  }

  @Override
  public void sendAfter(Address from, long delayMillis, Envelope envelope, String token)
      throws Exception {
    if (!routes.isBound(envelope.target().type())) {
      throw routes.unbound("Function " + from, envelope.target());
    }
    requireSerializable(
        envelope.payload(),
        () -> "Function " + from + " sent a delayed message of type " + typeName(envelope.payload()) + " to " + envelope.target());
    delayed.schedule(from, delayMillis, envelope, token);
  }

  @Override
  public void cancelDelayed(Address from, String token) throws Exception {
    delayed.cancel(from, token);
  }

  @Override
  public void registerAsync(Address owner, Object metadata, CompletableFuture<?> future) {
    requireSerializable(
        metadata,
        () -> "Function " + owner + " registered an async operation with metadata of type " + typeName(metadata));
    long id = async.register(owner, metadata);
    future.whenComplete(
        (value, failure) -> {
          try {
            mailbox.execute(() -> onAsyncComplete(id, value, failure), "statefun async result");
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
    if (pending.persisted) {
      setCurrentKey(pending.owner.id());
      asyncState.remove(id);
    }
    work.add(AsyncOperations.resultMessage(pending, value, failure));
    work.run();
  }

}
