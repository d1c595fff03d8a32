package org.statefun.core.message;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The one serializer for envelopes, used on the network and in state (delayed messages, the
 * feedback log). Format: flags byte (bit 0: has source), target, [source], payload.
 */
public final class EnvelopeSerializer extends TypeSerializer<Envelope> {

  private static final long serialVersionUID = 1L;
  private static final int HAS_SOURCE = 1;

  private final PayloadSerializer payloads = new PayloadSerializer();
  private transient AddressSerializer addresses;

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public TypeSerializer<Envelope> duplicate() {
    return new EnvelopeSerializer();
  }

  @Override
  public Envelope createInstance() {
    return null;
  }

  @Override
  public Envelope copy(Envelope from) {
    return new Envelope(from.target(), from.source(), payloads.copy(from.payload()));
  }

  @Override
  public Envelope copy(Envelope from, Envelope reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(Envelope envelope, DataOutputView out) throws IOException {
    AddressSerializer addresses = addresses();
    out.writeByte(envelope.source() != null ? HAS_SOURCE : 0);
    addresses.serialize(envelope.target(), out);
    if (envelope.source() != null) {
      addresses.serialize(envelope.source(), out);
    }
    payloads.serialize(envelope.payload(), out);
  }

  @Override
  public Envelope deserialize(DataInputView in) throws IOException {
    AddressSerializer addresses = addresses();
    int flags = in.readByte();
    var target = addresses.deserialize(in);
    var source = (flags & HAS_SOURCE) != 0 ? addresses.deserialize(in) : null;
    return new Envelope(target, source, payloads.deserialize(in));
  }

  @Override
  public Envelope deserialize(Envelope reuse, DataInputView in) throws IOException {
    return deserialize(in);
  }

  @Override
  public void copy(DataInputView in, DataOutputView out) throws IOException {
    serialize(deserialize(in), out);
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof EnvelopeSerializer;
  }

  @Override
  public int hashCode() {
    return EnvelopeSerializer.class.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<Envelope> snapshotConfiguration() {
    return new Snapshot();
  }

  private AddressSerializer addresses() {
    if (addresses == null) {
      addresses = new AddressSerializer();
    }
    return addresses;
  }

  /** Format version 1 of the envelope serializer; it has no configuration. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<Envelope> {
    public Snapshot() {
      super(EnvelopeSerializer::new);
    }
  }
}
