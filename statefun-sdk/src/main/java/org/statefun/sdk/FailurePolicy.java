package org.statefun.sdk;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;
import org.statefun.sdk.io.EgressIdentifier;

/**
 * What the runtime does with a message when the function handling it throws. Chosen per function
 * type when it is bound ({@code on-error} in module.yaml); the default is {@link #fail()}.
 *
 * <ul>
 *   <li>{@link #fail()} — the job fails and Flink's restart strategy applies: it restarts from the
 *       last checkpoint and the message is delivered again. State and messaging stay exactly once;
 *       a message that fails every time stops the job once the restart strategy gives up.
 *   <li>{@link #skip()} — the message is dropped, logged and counted; the job goes on.
 *   <li>{@link #deadLetter(EgressIdentifier)} — the message is dropped and described by a {@link
 *       DeadLetter} sent to an egress of your choice; the job goes on.
 * </ul>
 *
 * <p>With {@code skip} and {@code dead-letter}, what the invocation did before it threw stays done:
 * state it wrote and messages it sent are not rolled back.
 */
public final class FailurePolicy implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The three policies. */
  public enum Action {
    /** Fail the job. */
    FAIL,
    /** Drop the message and go on. */
    SKIP,
    /** Send a {@link DeadLetter} to an egress and go on. */
    DEAD_LETTER
  }

  private static final FailurePolicy FAIL = new FailurePolicy(Action.FAIL, null);
  private static final FailurePolicy SKIP = new FailurePolicy(Action.SKIP, null);

  private final Action action;
  private final EgressIdentifier<?> deadLetterEgress;

  private FailurePolicy(Action action, EgressIdentifier<?> deadLetterEgress) {
    this.action = action;
    this.deadLetterEgress = deadLetterEgress;
  }

  /** Fail the job (the default). */
  public static FailurePolicy fail() {
    return FAIL;
  }

  /** Drop the failed message, log it and count it in the {@code statefunSkippedMessages} metric. */
  public static FailurePolicy skip() {
    return SKIP;
  }

  /**
   * Send a {@link DeadLetter} describing each failed message to {@code egress}, which must be bound
   * and accept {@code DeadLetter}s (an egress of {@code Object}, such as {@code print} or {@code
   * file}, does); counted in the {@code statefunDeadLetters} metric.
   */
  public static FailurePolicy deadLetter(EgressIdentifier<?> egress) {
    return new FailurePolicy(Action.DEAD_LETTER, Objects.requireNonNull(egress, "egress"));
  }

  public Action action() {
    return action;
  }

  /** The egress of {@link Action#DEAD_LETTER}; empty for the other actions. */
  public Optional<EgressIdentifier<?>> deadLetterEgress() {
    return Optional.ofNullable(deadLetterEgress);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FailurePolicy other
        && action == other.action
        && Objects.equals(deadLetterEgress, other.deadLetterEgress);
  }

  @Override
  public int hashCode() {
    return Objects.hash(action, deadLetterEgress);
  }

  /** {@code fail}, {@code skip} or {@code dead-letter to namespace/name}. */
  @Override
  public String toString() {
    return switch (action) {
      case FAIL -> "fail";
      case SKIP -> "skip";
      case DEAD_LETTER -> "dead-letter to " + deadLetterEgress;
    };
  }
}
