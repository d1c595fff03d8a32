package org.statefun.core.dispatch;

import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;

/**
 * The keyed state the functions operator keeps for itself beside the functions' state, for tools
 * that read a savepoint (bin/statefun state inspect): the same descriptors the operator registers.
 */
public final class DispatchStates {
  private DispatchStates() {}

  /** The Flink state names of the operator's own keyed state; they all start with "statefun.". */
  public static final String OWN_STATE_PREFIX = "statefun.";

  /** Delayed messages pending under their sender's id: message id → the message. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static MapStateDescriptor<Long, Object> delayedMessages() {
    return (MapStateDescriptor)
        new MapStateDescriptor<>(
            DelayedMessages.MESSAGES_STATE,
            LongSerializer.INSTANCE,
            new DelayedMessage.Serializer());
  }
}
