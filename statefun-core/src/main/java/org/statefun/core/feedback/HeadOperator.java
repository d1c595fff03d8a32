package org.statefun.core.feedback;

import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.runtime.operators.coordination.OperatorEvent;
import org.apache.flink.runtime.operators.coordination.OperatorEventGateway;
import org.apache.flink.runtime.operators.coordination.OperatorEventHandler;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.statefun.core.message.Envelope;
import org.statefun.core.message.IngressEnd;
import org.statefun.core.termination.IngressProgress;
import org.statefun.core.termination.TerminationEvents;

/**
 * The loop head: the first operator of the function task. It passes routed ingress messages from
 * the network to the chained dispatcher, and drains the feedback channel (messages that other
 * subtasks' functions sent to ids this subtask owns) as mailbox letters on its own task thread.
 *
 * <p>It also takes part in the termination protocol: it notices when every ingress instance has
 * ended (their {@link IngressEnd} markers arrive in order behind their data) and answers the
 * coordinator's probes with its loop counters.
 */
public final class HeadOperator extends AbstractStreamOperator<Envelope>
    implements OneInputStreamOperator<Envelope, Envelope>,
        FeedbackChannel.Consumer<Envelope>,
        OperatorEventHandler {

  private static final long serialVersionUID = 1L;

  private final transient MailboxExecutor mailbox;
  private final transient OperatorEventGateway coordinator;
  private final int ingressCount;

  private transient LoopKey loopKey;
  private transient SubtaskLoop loop;
  private transient IngressProgress ingressProgress;
  private transient StreamRecord<Envelope> feedbackRecord;

  HeadOperator(
      StreamOperatorParameters<Envelope> parameters,
      OperatorEventGateway coordinator,
      int ingressCount) {
    super(parameters);
    this.mailbox = parameters.getMailboxExecutor();
    this.coordinator = coordinator;
    this.ingressCount = ingressCount;
  }

  @Override
  public void open() throws Exception {
    super.open();
    feedbackRecord = new StreamRecord<>(null);
    ingressProgress = new IngressProgress(ingressCount);
    loopKey = LoopKey.of(getRuntimeContext());
    loop = LoopRegistry.acquire(loopKey);
    loop.channel().registerConsumer(this, drain -> mailbox.execute(drain::run, "statefun feedback"));
  }

  @Override
  public void close() throws Exception {
    if (loop != null) {
      LoopRegistry.release(loopKey);
      loop = null;
    }
    super.close();
  }

  @Override
  public void processElement(StreamRecord<Envelope> record) throws Exception {
    if (record.getValue().payload() instanceof IngressEnd end) {
      if (ingressProgress.record(end)) {
        coordinator.sendEventToCoordinator(new TerminationEvents.InputDone());
      }
      return;
    }
    output.collect(record);
  }

  @Override
  public void onRecord(Envelope envelope) {
    loop.countReceived();
    output.collect(feedbackRecord.replace(envelope));
  }

  @Override
  public void onMarker(long checkpointId) {
    // Checkpoint logging of in-flight loop messages hooks in here.
  }

  @Override
  public void handleOperatorEvent(OperatorEvent event) {
    if (event instanceof TerminationEvents.Probe probe) {
      coordinator.sendEventToCoordinator(
          new TerminationEvents.Report(probe.wave(), loop.isIdle(), loop.sent(), loop.received()));
    } else {
      throw new IllegalArgumentException("Unexpected operator event " + event);
    }
  }
}
