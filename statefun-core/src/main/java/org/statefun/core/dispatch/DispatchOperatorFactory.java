package org.statefun.core.dispatch;

import org.apache.flink.streaming.api.operators.AbstractStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.statefun.core.message.Envelope;

/** Creates {@link DispatchOperator}s with their task's mailbox. */
public final class DispatchOperatorFactory extends AbstractStreamOperatorFactory<Envelope>
    implements OneInputStreamOperatorFactory<Envelope, Envelope> {

  private static final long serialVersionUID = 1L;

  private final DispatchPlan plan;

  public DispatchOperatorFactory(DispatchPlan plan) {
    this.plan = plan;
    setChainingStrategy(ChainingStrategy.ALWAYS);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends StreamOperator<Envelope>> T createStreamOperator(
      StreamOperatorParameters<Envelope> parameters) {
    return (T) new DispatchOperator(parameters, plan);
  }

  @Override
  public Class<? extends StreamOperator<?>> getStreamOperatorClass(ClassLoader classLoader) {
    return DispatchOperator.class;
  }
}
