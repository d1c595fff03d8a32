package org.statefun.testkit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.statefun.sdk.Address;
import org.statefun.sdk.AsyncOperationResult;

/**
 * An async operation a function registered with {@code Context#registerAsyncOperation}, not yet
 * delivered. The harness never delivers results by itself: a test decides when, and how, the
 * operation ends, and each way invokes the owner with an {@link AsyncOperationResult} carrying the
 * registered metadata ({@code caller()} is the owner, as in the runtime).
 */
public final class PendingAsync {

  private final FunctionHarness harness;
  private final Address owner;
  private final Object metadata;
  private final CompletableFuture<?> future;
  private boolean delivered;

  PendingAsync(
      FunctionHarness harness, Address owner, Object metadata, CompletableFuture<?> future) {
    this.harness = harness;
    this.owner = owner;
    this.metadata = metadata;
    this.future = future;
  }

  /** The address that registered the operation; it receives the result. */
  public Address owner() {
    return owner;
  }

  /** The metadata given at registration. */
  public Object metadata() {
    return metadata;
  }

  /** The future the function registered. */
  public CompletableFuture<?> future() {
    return future;
  }

  /**
   * Completes the future with {@code value} and delivers a {@code SUCCESS} result.
   *
   * @throws IllegalStateException when the future was already completed, or the result delivered
   */
  @SuppressWarnings("unchecked")
  public Invocation complete(Object value) {
    requirePending();
    if (!((CompletableFuture<Object>) future).complete(value)) {
      throw new IllegalStateException(
          "The future of " + this + " was already completed; use deliver()");
    }
    return deliver(AsyncOperationResult.Status.SUCCESS, value, null);
  }

  /**
   * Completes the future with {@code failure} and delivers a {@code FAILURE} result.
   *
   * @throws IllegalStateException when the future was already completed, or the result delivered
   */
  public Invocation fail(Throwable failure) {
    requirePending();
    if (!future.completeExceptionally(failure)) {
      throw new IllegalStateException(
          "The future of " + this + " was already completed; use deliver()");
    }
    return deliver(AsyncOperationResult.Status.FAILURE, null, failure);
  }

  /**
   * Delivers an {@code UNKNOWN} result, as the runtime does for an operation that was pending when
   * the job restored from a checkpoint. The future is left as it is.
   */
  public Invocation unknown() {
    requirePending();
    return deliver(AsyncOperationResult.Status.UNKNOWN, null, null);
  }

  /**
   * Delivers the outcome of a future that already completed (by the function's own code, for
   * example an executor the test ran).
   *
   * @throws IllegalStateException when the future has not completed yet
   */
  public Invocation deliver() {
    requirePending();
    if (!future.isDone()) {
      throw new IllegalStateException(
          "The future of " + this + " has not completed; use complete(value) or fail(exception)");
    }
    try {
      return deliver(AsyncOperationResult.Status.SUCCESS, future.get(), null);
    } catch (ExecutionException | CompletionException e) {
      return deliver(AsyncOperationResult.Status.FAILURE, null, e.getCause());
    } catch (java.util.concurrent.CancellationException e) {
      return deliver(AsyncOperationResult.Status.FAILURE, null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Whether the result was delivered. */
  public boolean isDelivered() {
    return delivered;
  }

  private Invocation deliver(AsyncOperationResult.Status status, Object value, Throwable failure) {
    delivered = true;
    harness.asyncDelivered(this);
    return harness.deliver(
        owner, owner, new AsyncOperationResult<>(metadata, status, value, failure));
  }

  private void requirePending() {
    if (delivered) {
      throw new IllegalStateException("The result of " + this + " was already delivered");
    }
  }

  @Override
  public String toString() {
    return "async operation of " + owner + " with metadata " + metadata;
  }
}
