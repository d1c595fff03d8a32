package org.statefun.core.dispatch;

import java.util.concurrent.ThreadLocalRandom;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.statefun.core.message.Envelope;
import org.statefun.sdk.Address;

/**
 * Delayed messages in keyed state, keyed by the sender's id, each with its own processing-time
 * timer (namespace = message id). Cancellation tokens are scoped to the sending address and index
 * the message they cancel.
 */
final class DelayedMessages implements Dispatcher.DelayedSends {

  static final String MESSAGES_STATE = "statefun.delayed-messages";
  static final String TOKENS_STATE = "statefun.delayed-message-tokens";

  private final MapState<Long, DelayedMessage> messages;
  private final MapState<String, Long> tokens;
  private final InternalTimerService<Long> timers;
  private int pending;

  DelayedMessages(KeyedStateStore store, InternalTimerService<Long> timers) throws Exception {
    this.messages = store.getMapState(messagesDescriptor());
    this.tokens =
        store.getMapState(
            new MapStateDescriptor<>(
                TOKENS_STATE, StringSerializer.INSTANCE, LongSerializer.INSTANCE));
    this.timers = timers;
    int[] restored = {0};
    timers.forEachProcessingTimeTimer((id, time) -> restored[0]++);
    this.pending = restored[0];
  }

  /** The state of the delayed messages of each sender id: message id → message. */
  static MapStateDescriptor<Long, DelayedMessage> messagesDescriptor() {
    return new MapStateDescriptor<>(
        MESSAGES_STATE, LongSerializer.INSTANCE, new DelayedMessage.Serializer());
  }

  /** Stores {@code envelope} under the current key (the sender's id) and starts its timer. */
  @Override
  public void schedule(Address sender, long delayMillis, Envelope envelope, String token)
      throws Exception {
    String tokenKey = null;
    if (token != null) {
      tokenKey = tokenKey(sender, token);
      if (tokens.contains(tokenKey)) {
        throw new IllegalStateException(
            "Address "
                + sender
                + " already has a pending delayed message with cancellation token '"
                + token
                + "'; cancel it first or use another token");
      }
    }
    long id = newId();
    long fireTime = saturatedAdd(timers.currentProcessingTime(), delayMillis);
    messages.put(id, new DelayedMessage(fireTime, token, envelope));
    if (tokenKey != null) {
      tokens.put(tokenKey, id);
    }
    timers.registerProcessingTimeTimer(id, fireTime);
    pending++;
  }

  /** Cancels the message {@code sender} sent with {@code token}; no-op if none is pending. */
  @Override
  public boolean cancel(Address sender, String token) throws Exception {
    String tokenKey = tokenKey(sender, token);
    Long id = tokens.get(tokenKey);
    if (id == null) {
      return false;
    }
    tokens.remove(tokenKey);
    DelayedMessage message = messages.get(id);
    if (message != null) {
      messages.remove(id);
      timers.deleteProcessingTimeTimer(id, message.fireTime());
      pending--;
      return true;
    }
    return false;
  }

  /** Removes and returns the message whose timer fired (current key = sender id), or null. */
  Envelope fire(long id) throws Exception {
    DelayedMessage message = messages.get(id);
    pending--;
    if (message == null) {
      return null;
    }
    messages.remove(id);
    if (message.token() != null) {
      tokens.remove(tokenKey(message.envelope().source(), message.token()));
    }
    return message.envelope();
  }

  @Override
  public int pending() {
    return pending;
  }

  private long newId() throws Exception {
    long id;
    do {
      id = ThreadLocalRandom.current().nextLong();
    } while (messages.contains(id));
    return id;
  }

  /** {@code a + b} for non-negative operands, Long.MAX_VALUE instead of wrapping around. */
  static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < a ? Long.MAX_VALUE : sum;
  }

  private static String tokenKey(Address sender, String token) {
    // Function types never contain '/' in their parts, so this key is unambiguous.
    return sender.type() + "/" + token;
  }
}
