package org.statefun.core.dispatch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
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
import org.statefun.core.feedback.LoopActivity;
import org.statefun.core.feedback.LoopKey;
import org.statefun.core.feedback.LoopRegistry;
import org.statefun.core.feedback.SubtaskLoop;
import org.statefun.core.message.Envelope;
import org.statefun.core.message.EnvelopeSerializer;
import org.statefun.core.metrics.FlinkMetrics;
import org.statefun.core.spill.SpillFiles;
import org.statefun.core.spill.SpillingQueue;
import org.statefun.core.state.DynamicStates;
import org.statefun.core.state.FlinkStateBinder;
import org.statefun.sdk.Address;
import org.statefun.sdk.FunctionType;

/**
 * The function task's Flink operator. Keyed by address id and chained behind the loop head, it
 * receives routed ingress messages and loop messages and hands them to its {@link Dispatcher},
 * which queues, invokes and routes them; this class connects the dispatcher to Flink: the current
 * key, keyed state (persisted fields, delayed messages, async operations pending at a checkpoint),
 * processing-time timers, the mailbox, the main output (towards the loop tail of the owner of an
 * id) and the side outputs (egresses). Messages for ids this subtask owns wait in the dispatcher's
 * queue (objects while it is short, spilled when it is long) and run in bounded batches between the
 * task's other work.
 */
public final class DispatchOperator extends AbstractStreamOperator<Envelope>
    implements OneInputStreamOperator<Envelope, Envelope>, Triggerable<String, Long> {

  private static final long serialVersionUID = 1L;

  /** Invocation times kept per function type and subtask for the histogram's statistics. */
  static final int INVOCATION_TIME_WINDOW = 1024;

  /** The key of each egress's group; its value is the egress id. */
  public static final String EGRESS_GROUP = "egress";

  /**
   * Async operations pending at a checkpoint, under their owner's id: operation id → owner +
   * metadata.
   */
  private static final MapStateDescriptor<Long, Envelope> ASYNC_OPERATIONS =
      new MapStateDescriptor<>(
          "statefun.async-operations", LongSerializer.INSTANCE, new EnvelopeSerializer());

  /**
   * Values functions registered at run time (PersistedStateRegistry), as a union list: every
   * subtask restores all of them, whichever subtask registered them.
   */
  private static final ListStateDescriptor<String> DYNAMIC_STATES =
      new ListStateDescriptor<>("statefun.dynamic-states", StringSerializer.INSTANCE);

  private final DispatchPlan plan;
  private final transient MailboxExecutor mailbox;
  private final transient DynamicStates dynamicStates = new DynamicStates();
  private transient ListState<String> dynamicStatesState;

  private transient Dispatcher dispatcher;
  private transient DelayedMessages delayed;
  private transient LoopKey loopKey;
  private transient SubtaskLoop loop;
  private transient MapState<Long, Envelope> asyncState;
  private transient boolean restored;

  DispatchOperator(StreamOperatorParameters<Envelope> parameters, DispatchPlan plan) {
    super(parameters);
    this.plan = plan;
    this.mailbox = parameters.getMailboxExecutor();
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    restored = context.isRestored();
    dynamicStatesState = context.getOperatorStateStore().getUnionListState(DYNAMIC_STATES);
    dynamicStates.restore(dynamicStatesState.get());
  }

  @Override
  public void open() throws Exception {
    super.open();
    Counter droppedMessages = getMetricGroup().counter("statefunDroppedMessages");
    var task = getRuntimeContext().getTaskInfo();
    SpillingQueue<Envelope> queue =
        new SpillingQueue<>(
            new QueuedEnvelopeCodec(task.getMaxNumberOfParallelSubtasks()),
            (int) Math.min(Integer.MAX_VALUE, 4L * plan.batchSize()),
            plan.queueMemory().bytes(),
            new SpillFiles(
                getContainingTask().getEnvironment().getIOManager().getSpillingDirectories(),
                "statefun-queue-"));
    getMetricGroup().gauge("statefunQueuedMessages", queue::size);
    getMetricGroup().gauge("statefunQueueSpilledBytes", queue::spilledBytes);
    SerializabilityCheck serializability = new SerializabilityCheck();
    StreamRecord<Object> egressRecord = new StreamRecord<>(null);
    // Records written to each egress (by functions, and dead letters), by side output.
    Map<Object, Counter> written = new java.util.HashMap<>();
    plan.egresses()
        .forEach(
            (id, route) ->
                written.put(
                    route.tag(),
                    getMetricGroup().addGroup(EGRESS_GROUP, id).counter("recordsWritten")));
    FailureHandler failures =
        new FailureHandler(
            plan.failurePolicies(),
            plan.namespaceFailurePolicies(),
            plan.egresses(),
            serializability,
            (tag, letter) -> {
              output.collect(tag, egressRecord.replace(letter));
              written.get(tag).inc();
            },
            getMetricGroup().counter("statefunSkippedMessages"),
            getMetricGroup().counter("statefunDeadLetters"));
    Map<String, Dispatcher.EgressOutput> egresses = new LinkedHashMap<>();
    plan.egresses()
        .forEach(
            (id, route) -> {
              Counter recordsWritten = written.get(route.tag());
              egresses.put(
                  id,
                  new Dispatcher.EgressOutput(
                      route.id(),
                      message -> {
                        output.collect(route.tag(), egressRecord.replace(message));
                        recordsWritten.inc();
                      }));
            });
    delayed =
        new DelayedMessages(
            getKeyedStateStore(),
            getInternalTimerService("statefun-delayed-messages", LongSerializer.INSTANCE, this));
    FunctionRegistry functions =
        new FunctionRegistry(
            plan.providers(),
            plan.namespaceProviders(),
            new FlinkStateBinder(getKeyedStateStore(), dynamicStates),
            this::registerMetrics);
    StreamRecord<Envelope> outgoing = new StreamRecord<>(null);
    dispatcher =
        new Dispatcher(
            plan.boundTypes(),
            egresses,
            plan.batchSize(),
            plan.maxAsyncOperations(),
            queue,
            functions,
            delayed,
            failures,
            serializability,
            new FlinkTask(KeyOwnership.of(task), droppedMessages),
            envelope -> {
              output.collect(outgoing.replace(envelope));
              loop.countSent();
            });
    functions.createAll();
    asyncState = getKeyedStateStore().getMapState(ASYNC_OPERATIONS);
    loopKey = LoopKey.of(getRuntimeContext(), plan.loopId());
    loop = LoopRegistry.acquire(loopKey);
    loop.setActivity(dispatcher);
    if (restored) {
      countRestoredDelayed(functions);
      reportLostAsyncResults();
    }
  }

  /**
   * Reports the metrics of function type {@code type} in the group {@code function=<type>} of this
   * operator (names in docs/metrics.md).
   */
  private FunctionMetrics registerMetrics(FunctionType type) {
    MetricGroup group = getMetricGroup().addGroup(FlinkMetrics.FUNCTION_GROUP, type.toString());
    DescriptiveStatisticsHistogram invocationTimes =
        new DescriptiveStatisticsHistogram(INVOCATION_TIME_WINDOW);
    FunctionMetrics metrics = new FunctionMetrics(invocationTimes::update, new FlinkMetrics(group));
    group.counter("messagesIn", new FieldCounter(() -> metrics.messagesIn));
    group.counter("messagesOutLocal", new FieldCounter(() -> metrics.messagesOutLocal));
    group.counter("messagesOutLoop", new FieldCounter(() -> metrics.messagesOutLoop));
    group.counter("messagesOutEgress", new FieldCounter(() -> metrics.messagesOutEgress));
    group.gauge("delayedMessagesPending", () -> metrics.delayedPending);
    group.gauge("asyncOperationsInFlight", () -> metrics.asyncInFlight);
    group.histogram("invocationTimeNanos", invocationTimes);
    return metrics;
  }

  /** A Flink counter that reads a count the dispatcher keeps in a plain field. */
  private static final class FieldCounter implements Counter {
    private final java.util.function.LongSupplier count;

    FieldCounter(java.util.function.LongSupplier count) {
      this.count = count;
    }

    @Override
    public void inc() {
      throw new UnsupportedOperationException("counted by the dispatcher");
    }

    @Override
    public void inc(long n) {
      throw new UnsupportedOperationException("counted by the dispatcher");
    }

    @Override
    public void dec() {
      throw new UnsupportedOperationException("counted by the dispatcher");
    }

    @Override
    public void dec(long n) {
      throw new UnsupportedOperationException("counted by the dispatcher");
    }

    @Override
    public long getCount() {
      return count.getAsLong();
    }
  }

  /** Counts the restored delayed messages per sending function type. */
  private void countRestoredDelayed(FunctionRegistry functions) throws Exception {
    getKeyedStateBackend()
        .applyToAllKeys(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            DelayedMessages.messagesDescriptor(),
            (Object key, MapState<Long, DelayedMessage> state) -> {
              for (DelayedMessage message : state.values()) {
                Address sender = message.envelope().source();
                if (sender != null && plan.boundTypes().isBound(sender.type())) {
                  functions.get(sender.type()).metrics().delayedPending++;
                }
              }
            });
  }

  /** The dispatcher's view of this operator: key, key groups, mailbox, keyed async state. */
  private final class FlinkTask implements Dispatcher.Task {
    private final KeyOwnership ownership;
    private final Counter droppedMessages;

    FlinkTask(KeyOwnership ownership, Counter droppedMessages) {
      this.ownership = ownership;
      this.droppedMessages = droppedMessages;
    }

    @Override
    public void setCurrentKey(String id) {
      DispatchOperator.this.setCurrentKey(id);
    }

    @Override
    public boolean isLocal(String id) {
      return ownership.isLocal(id);
    }

    @Override
    public void execute(Mailbox.Letter letter, String description) {
      mailbox.execute(letter::run, description);
    }

    @Override
    public void removePersistedAsync(Address owner, long id) throws Exception {
      DispatchOperator.this.setCurrentKey(owner.id());
      asyncState.remove(id);
    }

    @Override
    public void countDropped() {
      droppedMessages.inc();
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
      dispatcher.enqueue(
          AsyncOperations.unknownResultMessage(operation.target(), operation.payload()));
    }
    dispatcher.run();
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    dynamicStatesState.update(new ArrayList<>(dynamicStates.encoded()));
    dispatcher.persistNewAsync(
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
    if (dispatcher != null) {
      dispatcher.close();
    }
    super.close();
  }

  @Override
  public void processElement(StreamRecord<Envelope> record) throws Exception {
    dispatcher.accept(record.getValue());
  }

  /**
   * Flink need not point keyed state at each record's key: the dispatcher sets the key of every
   * message itself, right before invoking its function (and queued messages run later anyway).
   */
  @Override
  public boolean hasKeyContext1() {
    return false;
  }

  @Override
  public void onProcessingTime(InternalTimer<String, Long> timer) throws Exception {
    Envelope envelope = delayed.fire(timer.getNamespace());
    if (envelope != null) {
      dispatcher.deliverDelayed(envelope);
    }
  }

  @Override
  public void onEventTime(InternalTimer<String, Long> timer) {}
}
