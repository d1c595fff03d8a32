package org.statefun.sdk;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.metrics.Metrics;

/**
 * What a {@link StatefulFunction} can do while it handles one message. A context is only valid
 * during the invocation it was passed to.
 *
 * <p>Messages are delivered exactly once with respect to state when checkpointing is on: a failure
 * rolls state and in-flight messages back together.
 */
public interface Context {

  /** The address of the instance being invoked. */
  Address self();

  /**
   * The address that sent the current message, or {@code null} when it came from an ingress. For
   * delayed messages it is the address that called {@code sendAfter}; for {@link
   * AsyncOperationResult}s it is {@link #self()}.
   */
  Address caller();

  /** Sends {@code message} to the function instance at {@code to}. */
  void send(Address to, Object message);

  /** Sends {@code message} to the instance {@code id} of function type {@code type}. */
  void send(FunctionType type, String id, Object message);

  /** Sends {@code message} to an egress. */
  <T> void send(EgressIdentifier<T> egress, T message);

  /**
   * Sends {@code message} to {@link #caller()}.
   *
   * @throws IllegalStateException when the current message has no caller (it came from an ingress)
   */
  void reply(Object message);

  /**
   * Sends {@code message} to {@code to} after {@code delay} (processing time).
   *
   * @throws IllegalArgumentException when {@code delay} is negative or longer than {@link
   *     #MAX_DELAY}
   */
  void sendAfter(Duration delay, Address to, Object message);

  /** The longest delay {@code sendAfter} accepts: 36,500 days (about 100 years). */
  Duration MAX_DELAY = Duration.ofDays(36_500);

  /**
   * Sends {@code message} to {@code to} after {@code delay}; the message can be cancelled with
   * {@link #cancelDelayedMessage(String)} until it is delivered. Tokens are scoped to {@link
   * #self()}.
   *
   * @throws IllegalStateException when {@code cancellationToken} is already used by a pending
   *     delayed message of this address
   * @throws IllegalArgumentException when {@code delay} is negative or longer than {@link
   *     #MAX_DELAY}
   */
  void sendAfter(Duration delay, Address to, Object message, String cancellationToken);

  /**
   * Cancels the pending delayed message that {@link #self()} sent with {@code cancellationToken}.
   * Does nothing when no such message is pending (already delivered, cancelled or never sent).
   */
  void cancelDelayedMessage(String cancellationToken);

  /**
   * Registers an asynchronous operation. When {@code future} completes, an {@link
   * AsyncOperationResult} carrying {@code metadata} is delivered to {@link #self()} as a message,
   * on the function's own thread. If the job restores from a checkpoint taken while the operation
   * was pending, the result is delivered once with status {@link
   * AsyncOperationResult.Status#UNKNOWN}.
   */
  <M, T> void registerAsyncOperation(M metadata, CompletableFuture<T> future);

  /**
   * The user metrics of this function type on this worker: counters named by the function, reported
   * through Flink's metric system under the function type (see docs/metrics.md). The same object is
   * returned for every invocation of the type, so a function may keep it, or the counters it hands
   * out, in fields.
   */
  Metrics metrics();
}
