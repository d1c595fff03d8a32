package org.statefun.core.message;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.statefun.sdk.FunctionType;

/**
 * The one serializer for envelopes, used on the network and in state (delayed messages, async
 * operations, the feedback log). Format: flags byte (bit 0: has source), target, [source], payload.
 * On the network it numbers function types with the job's {@link FunctionTypeTable}; in state it
 * names them ({@link FunctionTypeTable#NONE}).
 */
public final class EnvelopeSerializer extends TypeSerializer<Envelope> {

  private static final long serialVersionUID = 1L;
  private static final int HAS_SOURCE = 1;

  private final FunctionTypeTable types;
  private final PayloadSerializer payloads = new PayloadSerializer();
  private transient AddressSerializer addresses;

  /** Names function types: for state, whose contents must not depend on the job's types. */
  public EnvelopeSerializer() {
    this(FunctionTypeTable.NONE);
  }

  public EnvelopeSerializer(FunctionTypeTable types) {
    this.types = types;
  }

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public TypeSerializer<Envelope> duplicate() {
    return new EnvelopeSerializer(types);
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
    return obj instanceof EnvelopeSerializer other && types.equals(other.types);
  }

  @Override
  public int hashCode() {
    return types.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<Envelope> snapshotConfiguration() {
    return new Snapshot(types);
  }

  private AddressSerializer addresses() {
    if (addresses == null) {
      addresses = new AddressSerializer(types);
    }
    return addresses;
  }

  /** Format version 1 of the envelope serializer: its function type table. */
  public static final class Snapshot implements TypeSerializerSnapshot<Envelope> {
    private static final int VERSION = 1;
    private FunctionTypeTable types;

    /** For Flink's reflective restore; followed by {@link #readSnapshot}. */
    public Snapshot() {}

    Snapshot(FunctionTypeTable types) {
      this.types = types;
    }

    @Override
    public int getCurrentVersion() {
      return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
      out.writeInt(types.types().size());
      for (FunctionType type : types.types()) {
        out.writeUTF(type.namespace());
        out.writeUTF(type.name());
      }
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader)
        throws IOException {
      if (readVersion != VERSION) {
        throw new IOException("Unknown envelope serializer snapshot version " + readVersion);
      }
      int size = in.readInt();
      List<FunctionType> list = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        list.add(new FunctionType(in.readUTF(), in.readUTF()));
      }
      types = new FunctionTypeTable(list);
    }

    @Override
    public TypeSerializer<Envelope> restoreSerializer() {
      return new EnvelopeSerializer(types);
    }

    /**
     * Same type numbering: as is; otherwise the data is read with the old numbering and rewritten.
     */
    @Override
    public TypeSerializerSchemaCompatibility<Envelope> resolveSchemaCompatibility(
        TypeSerializerSnapshot<Envelope> oldSnapshot) {
      if (!(oldSnapshot instanceof Snapshot old)) {
        return TypeSerializerSchemaCompatibility.incompatible();
      }
      return old.types.equals(types)
          ? TypeSerializerSchemaCompatibility.compatibleAsIs()
          : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
    }
  }
}
