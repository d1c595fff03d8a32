package org.statefun.sdk;

/**
 * A stateful function. The runtime keeps one object per function type per parallel worker and
 * invokes it for every address of that type; state lives in {@link
 * org.statefun.sdk.state.Persisted @Persisted} fields, which the runtime binds to the addressed
 * instance before each invocation.
 *
 * <p>Invocations are single-threaded per worker: no synchronization is needed inside a function.
 */
@FunctionalInterface
public interface StatefulFunction {

  /**
   * Handles one message sent to {@link Context#self()}.
   *
   * @param context the invocation context: the addresses involved, and ways to send messages
   * @param message the message; an {@link AsyncOperationResult} for completed async operations
   * @throws Exception to fail the job; it restarts according to its restart strategy
   */
  void invoke(Context context, Object message) throws Exception;
}
