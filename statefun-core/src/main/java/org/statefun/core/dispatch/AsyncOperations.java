package org.statefun.core.dispatch;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.statefun.core.message.Envelope;
import org.statefun.sdk.Address;
import org.statefun.sdk.AsyncOperationResult;

/** The async operations of one subtask that have not completed yet. */
final class AsyncOperations {

  private record Pending(Address owner, Object metadata) {}

  private final Map<Long, Pending> pending = new HashMap<>();
  private long nextId;

  long register(Address owner, Object metadata) {
    long id = nextId++;
    pending.put(id, new Pending(owner, metadata));
    return id;
  }

  /**
   * Removes operation {@code id} and returns the result message for its owner, or null if it is
   * no longer pending.
   */
  Envelope complete(long id, Object value, Throwable failure) {
    Pending p = pending.remove(id);
    if (p == null) {
      return null;
    }
    AsyncOperationResult<Object, Object> result;
    if (failure == null) {
      result = new AsyncOperationResult<>(p.metadata(), AsyncOperationResult.Status.SUCCESS, value, null);
    } else {
      Throwable cause =
          failure instanceof CompletionException && failure.getCause() != null
              ? failure.getCause()
              : failure;
      result = new AsyncOperationResult<>(p.metadata(), AsyncOperationResult.Status.FAILURE, null, cause);
    }
    return new Envelope(p.owner(), p.owner(), result);
  }

  int size() {
    return pending.size();
  }
}
