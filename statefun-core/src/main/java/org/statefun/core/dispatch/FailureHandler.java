package org.statefun.core.dispatch;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.statefun.core.message.Envelope;
import org.statefun.sdk.AsyncOperationResult;
import org.statefun.sdk.DeadLetter;
import org.statefun.sdk.FailurePolicy;
import org.statefun.sdk.FunctionType;

/**
 * Applies each function type's {@link FailurePolicy} to a message whose invocation threw: fail the
 * job, or drop the message (skip), or drop it and describe it to a dead-letter egress. Skipped and
 * dead-lettered messages are counted and logged: each type's first with its stack trace, the next
 * ones in one line, and after {@link #LOGGED_PER_TYPE} only counted.
 */
final class FailureHandler implements Dispatcher.Failures {

  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);
  static final int LOGGED_PER_TYPE = 100;

  /** Where dead letters leave the dispatcher: the side output of their egress. */
  @FunctionalInterface
  interface DeadLetterOutput {
    void emit(OutputTag<Object> egress, DeadLetter letter);
  }

  private final Map<FunctionType, FailurePolicy> policies;
  private final Map<String, FailurePolicy> namespacePolicies;
  private final Map<String, DispatchPlan.EgressRoute> egresses;
  private final SerializabilityCheck serializability;
  private final DeadLetterOutput output;
  private final Counter skipped;
  private final Counter deadLettered;
  private final Map<FunctionType, Integer> logged = new HashMap<>();

  FailureHandler(
      Map<FunctionType, FailurePolicy> policies,
      Map<String, FailurePolicy> namespacePolicies,
      Map<String, DispatchPlan.EgressRoute> egresses,
      SerializabilityCheck serializability,
      DeadLetterOutput output,
      Counter skipped,
      Counter deadLettered) {
    this.policies = policies;
    this.namespacePolicies = namespacePolicies;
    this.egresses = egresses;
    this.serializability = serializability;
    this.output = output;
    this.skipped = skipped;
    this.deadLettered = deadLettered;
  }

  /**
   * Handles the failure of {@code envelope}'s invocation.
   *
   * @throws FunctionInvocationException when the policy is to fail
   */
  @Override
  public void handle(Envelope envelope, Throwable error) {
    FunctionType type = envelope.target().type();
    FailurePolicy policy = policies.get(type);
    if (policy == null) {
      policy = namespacePolicies.getOrDefault(type.namespace(), FailurePolicy.fail());
    }
    String description = describe(envelope, error);
    switch (policy.action()) {
      case FAIL -> throw new FunctionInvocationException(description, error);
      case SKIP -> {
        skipped.inc();
        log(type, "Skipped the message (on-error: skip). " + description, error);
      }
      case DEAD_LETTER -> {
        String egress = policy.deadLetterEgress().orElseThrow().toString();
        output.emit(egresses.get(egress).tag(), deadLetter(envelope, error));
        deadLettered.inc();
        log(type, "Sent the message to dead-letter egress " + egress + ". " + description, error);
      }
    }
  }

  /**
   * One line naming the function type, the address, the message type, the sender and the cause. The
   * runtime's own exceptions already say what went wrong; others are named by their class.
   */
  static String describe(Envelope envelope, Throwable error) {
    Object payload = envelope.payload();
    String what =
        payload instanceof AsyncOperationResult<?, ?>
            // The runtime delivers async results to their owner: the owner is not the sender.
            ? " failed on the result of an async operation"
            : " failed on a message of type "
                + (payload == null ? "null" : payload.getClass().getName())
                + (envelope.source() == null ? " from an ingress" : " from " + envelope.source());
    return "Function "
        + envelope.target().type()
        + " at address "
        + envelope.target()
        + what
        + ": "
        + (error.getClass().getName().startsWith("org.statefun.")
            ? error.getMessage()
            : error.toString());
  }

  private DeadLetter deadLetter(Envelope envelope, Throwable error) {
    Object payload = envelope.payload();
    return new DeadLetter(
        envelope.target().type(),
        envelope.target(),
        envelope.source(),
        payload == null ? "null" : payload.getClass().getName(),
        error.toString(),
        serializability.problem(payload) == null ? payload : null);
  }

  private void log(FunctionType type, String line, Throwable error) {
    int count = logged.merge(type, 1, Integer::sum);
    if (count == 1) {
      LOG.warn(line, error);
    } else if (count <= LOGGED_PER_TYPE) {
      LOG.warn(line);
    } else if (count == LOGGED_PER_TYPE + 1) {
      LOG.warn(
          "More than {} failed messages of function type {}; further ones are only counted"
              + " (statefunSkippedMessages, statefunDeadLetters)",
          LOGGED_PER_TYPE,
          type);
    }
  }
}
