package org.statefun.core.feedback;

import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.operators.coordination.OperatorCoordinator;
import org.apache.flink.runtime.operators.coordination.OperatorEventDispatcher;
import org.apache.flink.streaming.api.operators.AbstractStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.CoordinatedOperatorFactory;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.statefun.core.config.MemoryBudget;
import org.statefun.core.message.Envelope;
import org.statefun.core.termination.LoopTerminationCoordinator;

/** Creates {@link HeadOperator}s and their termination coordinator. */
public final class HeadOperatorFactory extends AbstractStreamOperatorFactory<Envelope>
    implements OneInputStreamOperatorFactory<Envelope, Envelope>,
        CoordinatedOperatorFactory<Envelope> {

  private static final long serialVersionUID = 1L;
  private static final long PROBE_INTERVAL_MILLIS = 50;

  /**
   * How the heads of a job are set up.
   *
   * @param loopId identifies the job's loop to the termination protocol
   * @param ingressCount number of ingresses whose end the heads wait for
   * @param logMemory in-memory budget of the checkpoint logs per subtask
   * @param replayLog false only in the test that shows what is lost without replay
   * @param logQueuedMessages false only in the test that shows what is lost when a checkpoint does
   *     not hold the messages queued for local delivery
   */
  public record Settings(
      String loopId,
      int ingressCount,
      MemoryBudget logMemory,
      boolean replayLog,
      boolean logQueuedMessages)
      implements java.io.Serializable {}

  private final Settings settings;

  public HeadOperatorFactory(Settings settings) {
    this.settings = settings;
    setChainingStrategy(ChainingStrategy.HEAD);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends StreamOperator<Envelope>> T createStreamOperator(
      StreamOperatorParameters<Envelope> parameters) {
    OperatorID operatorId = parameters.getStreamConfig().getOperatorID();
    OperatorEventDispatcher dispatcher = parameters.getOperatorEventDispatcher();
    HeadOperator head =
        new HeadOperator(parameters, dispatcher.getOperatorEventGateway(operatorId), settings);
    dispatcher.registerEventHandler(operatorId, head);
    return (T) head;
  }

  @Override
  public OperatorCoordinator.Provider getCoordinatorProvider(
      String operatorName, OperatorID operatorId) {
    return new LoopTerminationCoordinator.Provider(
        operatorId, settings.loopId(), PROBE_INTERVAL_MILLIS);
  }

  @Override
  public Class<? extends StreamOperator<?>> getStreamOperatorClass(ClassLoader classLoader) {
    return HeadOperator.class;
  }
}
