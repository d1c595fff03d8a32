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
import org.statefun.core.message.Envelope;
import org.statefun.core.termination.LoopTerminationCoordinator;

/** Creates {@link HeadOperator}s and their termination coordinator. */
public final class HeadOperatorFactory extends AbstractStreamOperatorFactory<Envelope>
    implements OneInputStreamOperatorFactory<Envelope, Envelope>,
        CoordinatedOperatorFactory<Envelope> {

  private static final long serialVersionUID = 1L;
  private static final long PROBE_INTERVAL_MILLIS = 50;

  private final String loopId;
  private final int ingressCount;

  public HeadOperatorFactory(String loopId, int ingressCount) {
    this.loopId = loopId;
    this.ingressCount = ingressCount;
    setChainingStrategy(ChainingStrategy.HEAD);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends StreamOperator<Envelope>> T createStreamOperator(
      StreamOperatorParameters<Envelope> parameters) {
    OperatorID operatorId = parameters.getStreamConfig().getOperatorID();
    OperatorEventDispatcher dispatcher = parameters.getOperatorEventDispatcher();
    HeadOperator head =
        new HeadOperator(parameters, dispatcher.getOperatorEventGateway(operatorId), ingressCount);
    dispatcher.registerEventHandler(operatorId, head);
    return (T) head;
  }

  @Override
  public OperatorCoordinator.Provider getCoordinatorProvider(
      String operatorName, OperatorID operatorId) {
    return new LoopTerminationCoordinator.Provider(operatorId, loopId, PROBE_INTERVAL_MILLIS);
  }

  @Override
  public Class<? extends StreamOperator<?>> getStreamOperatorClass(ClassLoader classLoader) {
    return HeadOperator.class;
  }
}
