package org.statefun.core.dispatch;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.statefun.core.feedback.LoopActivity;
import org.statefun.core.feedback.LoopKey;
import org.statefun.core.feedback.LoopRegistry;
import org.statefun.core.feedback.SubtaskLoop;
import org.statefun.core.message.Envelope;
import org.statefun.core.state.FlinkStateBinder;
import org.statefun.sdk.Address;
import org.statefun.sdk.io.EgressIdentifier;

/**
 * Invokes functions. Keyed by address id and chained behind the loop head, it receives routed
 * ingress messages and loop messages, sets the key, binds the addressed instance's state and calls
 * the function. Messages for ids this subtask owns are queued locally and handled right away, never
 * serialized; all others leave through the main output towards the loop tail of their owner.
 * Egress messages leave through side outputs. Delayed messages wait in keyed state with a timer;
 * async results come back as mailbox letters, on this task's thread.
 */
public final class DispatchOperator extends AbstractStreamOperator<Envelope>
    implements OneInputStreamOperator<Envelope, Envelope>,
        Triggerable<String, Long>,
        InvocationContext.Effects,
        LoopActivity {

  private static final long serialVersionUID = 1L;

  private final DispatchPlan plan;
  private final transient MailboxExecutor mailbox;

  private transient ArrayDeque<Envelope> localQueue;
  private transient FunctionRegistry functions;
  private transient InvocationContext context;
  private transient KeyOwnership ownership;
  private transient Routes routes;
  private transient DelayedMessages delayed;
  private transient AsyncOperations async;
  private transient LoopKey loopKey;
  private transient SubtaskLoop loop;
  private transient StreamRecord<Envelope> outgoing;

  DispatchOperator(StreamOperatorParameters<Envelope> parameters, DispatchPlan plan) {
    super(parameters);
    this.plan = plan;
    this.mailbox = parameters.getMailboxExecutor();
  }

  @Override
  public void open() throws Exception {
    super.open();
    localQueue = new ArrayDeque<>();
    outgoing = new StreamRecord<>(null);
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
    loopKey = LoopKey.of(getRuntimeContext());
    loop = LoopRegistry.acquire(loopKey);
    loop.setActivity(this);
  }

  @Override
  public void close() throws Exception {
    if (loop != null) {
      loop.setActivity(() -> true);
      LoopRegistry.release(loopKey);
      loop = null;
    }
    super.close();
  }

  @Override
  public void processElement(StreamRecord<Envelope> record) throws Exception {
    while (async.size() >= plan.maxAsyncOperations()) {
      // Backpressure: stop taking input; async results (and timers) still run as mailbox letters.
      mailbox.yield();
    }
    localQueue.add(record.getValue());
    drain();
  }

  @Override
  public void onProcessingTime(InternalTimer<String, Long> timer) throws Exception {
    Envelope envelope = delayed.fire(timer.getNamespace());
    if (envelope != null) {
      send(envelope);
      drain();
    }
  }

  @Override
  public void onEventTime(InternalTimer<String, Long> timer) {}

  @Override
  public boolean isIdle() {
    return localQueue.isEmpty() && async.size() == 0 && delayed.pending() == 0;
  }

  private void drain() throws Exception {
    Envelope envelope;
    while ((envelope = localQueue.poll()) != null) {
      invoke(envelope);
    }
  }

  private void invoke(Envelope envelope) throws Exception {
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
    } catch (MessageDeliveryException e) {
      throw e;
    } catch (Exception | LinkageError | StackOverflowError e) {
      throw new FunctionInvocationException(describeFailure(envelope, e), e);
    } finally {
      if (switchLoader) {
        thread.setContextClassLoader(previous);
      }
    }
  }

  private static String describeFailure(Envelope envelope, Throwable error) {
    Object payload = envelope.payload();
    return "Function "
        + envelope.target().type()
        + " at address "
        + envelope.target()
        + " failed on a message of type "
        + (payload == null ? "null" : payload.getClass().getName())
        + (envelope.source() == null ? " from an ingress" : " from " + envelope.source())
        + ": "
        + error;
  }

  // ---- InvocationContext.Effects, called by functions during invoke() ----

  @Override
  public void send(Envelope envelope) {
    Address from = envelope.source();
    routes.requireBound(from == null ? "A delayed message" : "Function " + from, envelope.target());
    if (ownership.isLocal(envelope.target().id())) {
      localQueue.add(envelope);
    } else {
      output.collect(outgoing.replace(envelope));
      loop.countSent();
    }
  }

  @Override
  public void sendToEgress(Address from, EgressIdentifier<?> egress, Object message) {
    DispatchPlan.EgressRoute route = plan.egresses().get(egress.toString());
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
    OutputTag<Object> tag = route.tag();
    output.collect(tag, new StreamRecord<>(message));
  }

  @Override
  public void sendAfter(Address from, long delayMillis, Envelope envelope, String token)
      throws Exception {
    routes.requireBound("Function " + from, envelope.target());
    delayed.schedule(from, delayMillis, envelope, token);
  }

  @Override
  public void cancelDelayed(Address from, String token) throws Exception {
    delayed.cancel(from, token);
  }

  @Override
  public void registerAsync(Address owner, Object metadata, CompletableFuture<?> future) {
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
    Envelope result = async.complete(id, value, failure);
    if (result != null) {
      localQueue.add(result);
      drain();
    }
  }

  /** For tests: the egress routes by id. */
  Map<String, DispatchPlan.EgressRoute> egressRoutes() {
    return plan.egresses();
  }
}
