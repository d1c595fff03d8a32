package org.statefun.core.feedback;

import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.operators.coordination.OperatorEvent;
import org.apache.flink.runtime.operators.coordination.OperatorEventGateway;
import org.apache.flink.runtime.operators.coordination.OperatorEventHandler;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyGroupStatePartitionStreamProvider;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.statefun.core.config.MemoryBudget;
import org.statefun.core.message.Envelope;
import org.statefun.core.message.EnvelopeCodec;
import org.statefun.core.spill.SpillFiles;
import org.statefun.core.termination.IngressEnd;
import org.statefun.core.termination.TerminationParticipant;

/**
 * The loop head: the first operator of the function task. It passes routed ingress messages from
 * the network to the chained dispatcher, and drains the feedback channel (messages that other
 * subtasks' functions sent to ids this subtask owns) as mailbox letters on its own task thread.
 *
 * <p>It makes loop messages part of checkpoints (see {@link FeedbackLogs}) and replays them on
 * restore.
 *
 * <p>It also takes part in the termination protocol ({@link TerminationParticipant}): it hands it
 * the {@link IngressEnd} markers, which arrive in order behind their data, and the coordinator's
 * probes.
 */
public final class HeadOperator extends AbstractStreamOperator<Envelope>
    implements OneInputStreamOperator<Envelope, Envelope>,
        FeedbackChannel.Consumer<Envelope>,
        OperatorEventHandler {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(HeadOperator.class);

  /** Mailbox letters an ingress record may wait for while the dispatcher is backlogged. */
  static final int MAX_YIELDS_PER_RECORD = 16;

  /** The fewest loop records the channel keeps as objects before spilling. */
  static final int CHANNEL_MIN_RECORDS = 4096;

  private final transient MailboxExecutor mailbox;
  private final transient TerminationParticipant termination;
  private final MemoryBudget logMemory;
  private final boolean replayLog;
  private final boolean logQueuedMessages;
  private final String loopId;

  private transient LoopKey loopKey;
  private transient SubtaskLoop loop;
  private transient StreamRecord<Envelope> feedbackRecord;
  private transient FeedbackLogs logs;
  private transient boolean finished;

  HeadOperator(
      StreamOperatorParameters<Envelope> parameters,
      OperatorEventGateway coordinator,
      HeadOperatorFactory.Settings settings) {
    super(parameters);
    this.mailbox = parameters.getMailboxExecutor();
    this.termination = new TerminationParticipant(coordinator, settings.ingressCount());
    this.logMemory = settings.logMemory();
    this.replayLog = settings.replayLog();
    this.logQueuedMessages = settings.logQueuedMessages();
    this.loopId = settings.loopId();
  }

  /**
   * The head reads no keyed state per record (its log is written per key group at checkpoints):
   * Flink need not set each record's key.
   */
  @Override
  public boolean hasKeyContext1() {
    return false;
  }

  @Override
  protected boolean isUsingCustomRawKeyedState() {
    // The feedback log is written into the raw keyed-state stream.
    return true;
  }

  /**
   * Replays the loop messages logged in the checkpoint being restored, before anything else reaches
   * the functions (the chained dispatcher is already open: Flink opens a chain from its end). Raw
   * keyed state comes per key group of this subtask's range, so after rescaling each message is
   * replayed by the subtask that now owns its address.
   */
  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    Counter replayedMessages = getMetricGroup().counter("statefunReplayedMessages");
    if (!context.isRestored() || !replayLog) {
      return;
    }
    FeedbackLogReader reader = new FeedbackLogReader();
    StreamRecord<Envelope> replayed = new StreamRecord<>(null);
    long count = 0;
    for (KeyGroupStatePartitionStreamProvider provider : context.getRawKeyedStateInputs()) {
      count +=
          reader.read(
              provider.getKeyGroupId(),
              provider.getStream(),
              envelope -> output.collect(replayed.replace(envelope)));
    }
    replayedMessages.inc(count);
    if (count > 0) {
      LOG.info("Replayed {} loop messages from the restored checkpoint", count);
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    feedbackRecord = new StreamRecord<>(null);
    var task = getRuntimeContext().getTaskInfo();
    logs =
        new FeedbackLogs(
            KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                task.getMaxNumberOfParallelSubtasks(),
                task.getNumberOfParallelSubtasks(),
                task.getIndexOfThisSubtask()),
            task.getMaxNumberOfParallelSubtasks(),
            logMemory.bytes(),
            spillFiles("statefun-feedback-log-"),
            () -> getContainingTask().isFailing() || getContainingTask().isCanceled());
    getMetricGroup().gauge("statefunLoggedMessages", logs::loggedMessages);
    getMetricGroup().gauge("statefunLoggingCheckpoint", logs::newestOpenCheckpoint);
    loopKey = LoopKey.of(getRuntimeContext(), loopId);
    loop = LoopRegistry.acquire(loopKey);
    SubtaskLoop subtaskLoop = loop;
    loop.channel()
        .registerConsumer(
            this,
            drain ->
                mailbox.execute(
                    () -> {
                      // A drain is a mailbox step of its own: the records it delivers may run a
                      // batch.
                      subtaskLoop.activity().beginStep();
                      drain.run();
                    },
                    "statefun feedback"),
            new FeedbackChannel.Spilling<>(
                new EnvelopeCodec(task.getMaxNumberOfParallelSubtasks()),
                new EnvelopeCodec(task.getMaxNumberOfParallelSubtasks()),
                channelRecordLimit(),
                spillFiles("statefun-channel-")));
    getMetricGroup().gauge("statefunChannelSpilledBytes", loop.channel()::spilledBytes);
  }

  private SpillFiles spillFiles(String prefix) {
    return new SpillFiles(
        getContainingTask().getEnvironment().getIOManager().getSpillingDirectories(), prefix);
  }

  /**
   * Loop records the channel keeps as objects while this task is busy; beyond, the tail spills
   * them. Sized from the log's memory budget at an assumed 256 bytes per record.
   */
  private int channelRecordLimit() {
    return (int)
        Math.max(CHANNEL_MIN_RECORDS, Math.min(Integer.MAX_VALUE, logMemory.bytes() / 256));
  }

  /**
   * Opens the log of this checkpoint. Besides the loop messages that arrive until the tail's
   * marker, it holds the messages queued for local delivery right now: they were sent by
   * invocations whose effects this checkpoint holds, and have not run yet.
   */
  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    long checkpointId = context.getCheckpointId();
    logs.startLogging(checkpointId, context.getRawKeyedOperatorStateOutput());
    if (logQueuedMessages) {
      loop.activity()
          .forEachQueued(
              (keyGroup, bytes, offset, length) ->
                  logs.appendInFlight(checkpointId, keyGroup, bytes, offset, length));
    }
    if (finished) {
      // Nothing is in flight any more (see finish()): the log is complete, and empty.
      logs.commitUpTo(context.getCheckpointId());
    }
  }

  /**
   * Flink finishes the head only when its input has ended, and the ingresses end only once the
   * termination protocol found the loop quiescent for good: every message sent into the loop has
   * been received, so every open log is complete. They are written now, not when the tail's markers
   * arrive: once the task's last checkpoint is done it stops taking mail (the markers' drains,
   * checkpoint-abort notices) and then waits for the async part of every checkpoint it took, which
   * an open log holds back.
   */
  @Override
  public void finish() throws Exception {
    finished = true;
    logs.commitUpTo(Long.MAX_VALUE);
    super.finish();
  }

  @Override
  public void notifyCheckpointAborted(long checkpointId) throws Exception {
    super.notifyCheckpointAborted(checkpointId);
    logs.abort(checkpointId);
  }

  @Override
  public void close() throws Exception {
    if (logs != null) {
      logs.close();
    }
    if (loop != null) {
      loop.channel().close();
      LoopRegistry.release(loopKey);
      loop = null;
    }
    super.close();
  }

  /**
   * Passes an ingress record on to the functions — after letting queued work run while the
   * dispatcher is backlogged, at most {@link #MAX_YIELDS_PER_RECORD} mailbox letters per record.
   * Holding the record back is what makes Flink's backpressure reach the sources; the bound keeps
   * checkpoint barriers, which wait behind the record, flowing while a storm lasts.
   */
  @Override
  public void processElement(StreamRecord<Envelope> record) throws Exception {
    if (record.getValue().payload() instanceof IngressEnd end) {
      termination.onIngressEnd(end);
      return;
    }
    LoopActivity activity = loop.activity();
    for (int i = 0; i < MAX_YIELDS_PER_RECORD && activity.isBacklogged(); i++) {
      mailbox.yield();
    }
    activity.beginStep();
    output.collect(record);
  }

  @Override
  public void onRecord(Envelope envelope) throws Exception {
    loop.countReceived();
    // Log before delivering: the function may mutate the message it receives.
    logs.append(envelope);
    output.collect(feedbackRecord.replace(envelope));
  }

  /** The dispatcher has a batch queued: loop records wait in the channel until it has run. */
  @Override
  public boolean isBusy() {
    SubtaskLoop current = loop;
    return current != null && current.activity().isBacklogged();
  }

  /** Every message sent into the loop before barrier {@code checkpointId} has been logged. */
  @Override
  public void onMarker(long checkpointId) throws Exception {
    logs.commitUpTo(checkpointId);
  }

  @Override
  public void handleOperatorEvent(OperatorEvent event) {
    termination.handle(event, loop);
  }
}
