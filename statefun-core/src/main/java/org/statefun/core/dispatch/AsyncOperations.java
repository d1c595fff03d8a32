package org.statefun.core.dispatch;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.statefun.core.message.Envelope;
import org.statefun.sdk.Address;
import org.statefun.sdk.AsyncOperationResult;

/**
 * The async operations of one subtask that have not completed yet. They live in memory; a
 * checkpoint writes the ones not yet written into keyed state (see {@link #persistNew}), so that a
 * restore can tell their owners the outcome is {@link AsyncOperationResult.Status#UNKNOWN}.
 */
final class AsyncOperations {

  /** A pending operation: who gets the result, the metadata, whether it is in keyed state. */
  static final class Pending {
    final Address owner;
    final Object metadata;
    final FunctionMetrics metrics;
    boolean persisted;

    Pending(Address owner, Object metadata, FunctionMetrics metrics) {
      this.owner = owner;
      this.metadata = metadata;
      this.metrics = metrics;
    }
  }

  /** Writes one pending operation into keyed state. */
  @FunctionalInterface
  interface Persister {
    void persist(long id, Pending pending) throws Exception;
  }

  private final Map<Long, Pending> pending = new HashMap<>();
  private long nextId;

  /**
   * @param metrics the metrics of the owner's type, which count the operation while it is pending
   */
  long register(Address owner, Object metadata, FunctionMetrics metrics) {
    long id = nextId++;
    pending.put(id, new Pending(owner, metadata, metrics));
    return id;
  }

  /** Removes operation {@code id}; null if it is no longer pending. */
  Pending remove(long id) {
    return pending.remove(id);
  }

  /** Hands every operation not yet in keyed state to {@code persist} and marks it persisted. */
  void persistNew(Persister persister) throws Exception {
    for (Map.Entry<Long, Pending> entry : pending.entrySet()) {
      Pending p = entry.getValue();
      if (!p.persisted) {
        persister.persist(entry.getKey(), p);
        p.persisted = true;
      }
    }
  }

  int size() {
    return pending.size();
  }

  /** The message delivering {@code p}'s outcome to its owner. */
  static Envelope resultMessage(Pending p, Object value, Throwable failure) {
    AsyncOperationResult<Object, Object> result;
    if (failure == null) {
      result =
          new AsyncOperationResult<>(p.metadata, AsyncOperationResult.Status.SUCCESS, value, null);
    } else {
      Throwable cause =
          failure instanceof CompletionException && failure.getCause() != null
              ? failure.getCause()
              : failure;
      result =
          new AsyncOperationResult<>(p.metadata, AsyncOperationResult.Status.FAILURE, null, cause);
    }
    return new Envelope(p.owner, p.owner, result);
  }

  /** The message telling {@code owner} that an operation's outcome was lost in a restore. */
  static Envelope unknownResultMessage(Address owner, Object metadata) {
    return new Envelope(
        owner,
        owner,
        new AsyncOperationResult<>(metadata, AsyncOperationResult.Status.UNKNOWN, null, null));
  }
}
