package org.statefun.core.dispatch;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.statefun.core.message.Envelope;
import org.statefun.core.message.EnvelopeSerializer;

/**
 * A message waiting in state for its timer.
 *
 * @param fireTime processing time at which it is delivered
 * @param token its cancellation token, or {@code null}
 * @param envelope the message
 */
record DelayedMessage(long fireTime, String token, Envelope envelope) {

  /** Serializes delayed messages; the envelope uses the one {@link EnvelopeSerializer}. */
  public static final class Serializer extends TypeSerializer<DelayedMessage> {
    private static final long serialVersionUID = 1L;

    private final EnvelopeSerializer envelopes = new EnvelopeSerializer();

    @Override
    public boolean isImmutableType() {
      return false;
    }

    @Override
    public TypeSerializer<DelayedMessage> duplicate() {
      return new Serializer();
    }

    @Override
    public DelayedMessage createInstance() {
      return null;
    }

    @Override
    public DelayedMessage copy(DelayedMessage from) {
      return new DelayedMessage(from.fireTime(), from.token(), envelopes.copy(from.envelope()));
    }

    @Override
    public DelayedMessage copy(DelayedMessage from, DelayedMessage reuse) {
      return copy(from);
    }

    @Override
    public int getLength() {
      return -1;
    }

    @Override
    public void serialize(DelayedMessage message, DataOutputView out) throws IOException {
      out.writeLong(message.fireTime());
      out.writeBoolean(message.token() != null);
      if (message.token() != null) {
        StringValue.writeString(message.token(), out);
      }
      envelopes.serialize(message.envelope(), out);
    }

    @Override
    public DelayedMessage deserialize(DataInputView in) throws IOException {
      long fireTime = in.readLong();
      String token = in.readBoolean() ? StringValue.readString(in) : null;
      return new DelayedMessage(fireTime, token, envelopes.deserialize(in));
    }

    @Override
    public DelayedMessage deserialize(DelayedMessage reuse, DataInputView in) throws IOException {
      return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
      serialize(deserialize(in), out);
    }

    @Override
    public boolean equals(Object obj) {
      return obj instanceof Serializer;
    }

    @Override
    public int hashCode() {
      return Serializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<DelayedMessage> snapshotConfiguration() {
      return new Snapshot();
    }
  }

  /** Format version 1; no configuration. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<DelayedMessage> {
    public Snapshot() {
      super(Serializer::new);
    }
  }
}
