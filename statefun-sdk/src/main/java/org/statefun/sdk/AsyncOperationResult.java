package org.statefun.sdk;

import java.util.Objects;

/**
 * The outcome of an operation registered with {@link Context#registerAsyncOperation}, delivered to
 * the registering address as a message.
 *
 * @param <M> the metadata type given at registration
 * @param <T> the value type of the future
 */
public final class AsyncOperationResult<M, T> {

  /** How the operation ended. */
  public enum Status {
    /** The future completed normally; {@link #value()} holds its value. */
    SUCCESS,
    /** The future completed exceptionally; {@link #throwable()} holds the cause. */
    FAILURE,
    /** The job restored from a checkpoint taken while the operation was pending. */
    UNKNOWN
  }

  private final M metadata;
  private final Status status;
  private final T value;
  private final Throwable throwable;

  public AsyncOperationResult(M metadata, Status status, T value, Throwable throwable) {
    this.metadata = metadata;
    this.status = Objects.requireNonNull(status, "status");
    this.value = value;
    this.throwable = throwable;
  }

  /** The metadata given to {@link Context#registerAsyncOperation}. */
  public M metadata() {
    return metadata;
  }

  public Status status() {
    return status;
  }

  public boolean successful() {
    return status == Status.SUCCESS;
  }

  public boolean failure() {
    return status == Status.FAILURE;
  }

  public boolean unknown() {
    return status == Status.UNKNOWN;
  }

  /**
   * The value the future completed with.
   *
   * @throws IllegalStateException unless {@link #successful()}
   */
  public T value() {
    if (status != Status.SUCCESS) {
      throw new IllegalStateException("No value: the async operation's status is " + status);
    }
    return value;
  }

  /**
   * The exception the future completed with.
   *
   * @throws IllegalStateException unless {@link #failure()}
   */
  public Throwable throwable() {
    if (status != Status.FAILURE) {
      throw new IllegalStateException("No throwable: the async operation's status is " + status);
    }
    return throwable;
  }

  @Override
  public String toString() {
    return "AsyncOperationResult{" + status + ", metadata=" + metadata + '}';
  }
}
