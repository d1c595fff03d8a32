package org.statefun.core.state;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.statefun.core.state.StateSchema.Encoding;
import org.statefun.sdk.FunctionType;

/**
 * What a user state looked like when it was written: the function type and state, the declared
 * class, the field schema of its classes ({@link StateSchema}) and the snapshot of the serializer
 * Flink picked. On restore it enforces the {@link Evolution} rules, failing with one message that
 * names the function type, the state, the class and what changed.
 *
 * <p>Flink calls, in order: {@link #readSnapshot} (the stored snapshot, while restoring); {@link
 * #restoreSerializer} on it (heap backends deserialize every value right then; RocksDB only to
 * migrate); and, when the function registers the state, {@link #resolveSchemaCompatibility} on the
 * snapshot of the serializer now, with the stored one. The restore never fails on a changed class:
 * values it cannot read are kept as bytes ({@link StoredBytesSerializer}), and registration then
 * fails with the evolution message, as the cause of the job's failure.
 *
 * @param <T> the declared type
 */
public final class StateSerializerSnapshot<T> implements TypeSerializerSnapshot<T> {
  private static final int VERSION = 1;

  private static final Map<String, Class<?>> PRIMITIVES =
      Stream.of(
              boolean.class,
              byte.class,
              char.class,
              short.class,
              int.class,
              long.class,
              float.class,
              double.class)
          .collect(Collectors.toMap(Class::getName, c -> c));

  private StateId id;
  private String declaredClass;
  private int fixedLength;
  private StateSchema schema;

  /** The inner serializer's snapshot; null when the stored one cannot be read. */
  private TypeSerializerSnapshot<T> inner;

  /** The inner snapshot as read, written back unchanged (its classes may be gone). */
  private byte[] innerBytes;

  private String unreadableReason;
  private ClassLoader classLoader;
  private List<Evolution.Change> restoreChanges;

  /** For Flink, which instantiates snapshots by class name and then reads them. */
  public StateSerializerSnapshot() {}

  StateSerializerSnapshot(StateSerializer<T> serializer) {
    this.id = serializer.id();
    this.declaredClass = serializer.declaredClass();
    this.fixedLength = serializer.fixedLength();
    this.schema = serializer.schema();
    this.inner = serializer.inner().snapshotConfiguration();
    this.restoreChanges = List.of();
  }

  @Override
  public int getCurrentVersion() {
    return VERSION;
  }

  @Override
  public void writeSnapshot(DataOutputView out) throws IOException {
    out.writeUTF(id.functionType().namespace());
    out.writeUTF(id.functionType().name());
    out.writeUTF(id.stateName());
    out.writeUTF(id.role().name());
    out.writeUTF(declaredClass);
    out.writeInt(fixedLength);
    schema.write(out);
    byte[] bytes = innerBytes != null ? innerBytes : bytesOf(inner);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  @Override
  public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader)
      throws IOException {
    if (readVersion != VERSION) {
      throw new IOException("Unknown version " + readVersion + " of " + getClass().getName());
    }
    FunctionType type = new FunctionType(in.readUTF(), in.readUTF());
    id = new StateId(type, in.readUTF(), StateId.Role.valueOf(in.readUTF()));
    declaredClass = in.readUTF();
    fixedLength = in.readInt();
    schema = StateSchema.read(in);
    innerBytes = new byte[in.readInt()];
    in.readFully(innerBytes);
    classLoader = userCodeClassLoader;
    try {
      inner =
          TypeSerializerSnapshot.readVersionedSnapshot(
              new DataInputDeserializer(innerBytes), userCodeClassLoader);
    } catch (IOException | RuntimeException | LinkageError e) {
      // Typically a class that no longer exists; reported by name when the state is registered.
      unreadableReason = reason(e);
    }
  }

  @Override
  public TypeSerializer<T> restoreSerializer() {
    if (!restoreChanges().isEmpty()) {
      return new StoredBytesSerializer<>(this, fixedLength);
    }
    try {
      return new StateSerializer<>(
          id, declaredClass, schema, inner.restoreSerializer(), fixedLength, this);
    } catch (RuntimeException | LinkageError e) {
      restoreChanges = List.of(new Evolution.Unreadable(declaredClass, reason(e)));
      return new StoredBytesSerializer<>(this, fixedLength);
    }
  }

  /**
   * Called on the snapshot of the serializer now, with the stored one: fails with the evolution
   * message, or says how Flink's serializer for the class can take over.
   */
  @Override
  public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
      TypeSerializerSnapshot<T> oldSerializerSnapshot) {
    if (!(oldSerializerSnapshot instanceof StateSerializerSnapshot<T> stored)) {
      return resolveUnwrapped(oldSerializerSnapshot);
    }
    if (!stored.declaredClass.equals(declaredClass)) {
      throw Evolution.failure(
          id, List.of(new Evolution.DeclaredTypeChanged(stored.declaredClass, declaredClass)));
    }
    List<Evolution.Change> changes = new ArrayList<>();
    if (stored.inner == null) {
      changes.add(new Evolution.Unreadable(declaredClass, stored.unreadableReason));
    } else {
      changes.addAll(Evolution.changes(stored.schema, schema, id.role(), false));
    }
    if (changes.isEmpty()) {
      // Whatever made the restore keep the stored bytes must also stop the registration.
      changes.addAll(stored.restoreChanges());
    }
    if (!changes.isEmpty()) {
      throw Evolution.failure(id, changes);
    }
    TypeSerializerSchemaCompatibility<T> result = inner.resolveSchemaCompatibility(stored.inner);
    if (result.isIncompatible()) {
      throw Evolution.failure(id, List.of(flinkIncompatible(stored.inner)));
    }
    if (result.isCompatibleAfterMigration() && id.role() == StateId.Role.TABLE_KEY) {
      throw Evolution.failure(
          id,
          List.of(
              new Evolution.KeyRewrite(declaredClass, stored.inner.getClass().getSimpleName())));
    }
    if (result.isCompatibleAsIs()) {
      return stored.fixedLength == fixedLength
          ? TypeSerializerSchemaCompatibility.compatibleAsIs()
          : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
    }
    if (result.isCompatibleWithReconfiguredSerializer()) {
      TypeSerializer<T> reconfigured = result.getReconfiguredSerializer();
      if (reconfigured.getLength() != stored.fixedLength) {
        return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
      }
      return TypeSerializerSchemaCompatibility.compatibleWithReconfiguredSerializer(
          new StateSerializer<>(id, declaredClass, schema, reconfigured, stored.fixedLength, null));
    }
    return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
  }

  /**
   * A state written by Flink's own serializer, before statefun wrapped it: readable if Flink's
   * serializer says so, rewritten into the framed form (heap backends do so at the next snapshot,
   * RocksDB right away).
   */
  private TypeSerializerSchemaCompatibility<T> resolveUnwrapped(TypeSerializerSnapshot<T> stored) {
    TypeSerializerSchemaCompatibility<T> result = inner.resolveSchemaCompatibility(stored);
    if (result.isIncompatible()) {
      throw Evolution.failure(id, List.of(flinkIncompatible(stored)));
    }
    return fixedLength >= 0 && result.isCompatibleAsIs()
        ? TypeSerializerSchemaCompatibility.compatibleAsIs()
        : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
  }

  /** Why the stored values cannot be read into the classes now (empty: they can). */
  private List<Evolution.Change> restoreChanges() {
    if (restoreChanges == null) {
      restoreChanges = computeRestoreChanges();
    }
    return restoreChanges;
  }

  private List<Evolution.Change> computeRestoreChanges() {
    if (inner == null) {
      return List.of(new Evolution.Unreadable(declaredClass, unreadableReason));
    }
    if (schema.classes().isEmpty()) {
      return List.of(); // no user classes: nothing of the user's can have changed
    }
    boolean kryoOnly =
        schema.classes().get(0).className().equals(declaredClass)
            && schema.classes().get(0).encoding() == Encoding.KRYO;
    try {
      StateSchema now = SchemaWalker.of(TypeInformation.of(load(declaredClass)), kryoOnly);
      return Evolution.changes(schema, now, id.role(), true);
    } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
      // The class is gone, or one of its fields' classes: no current class can take the values.
      return List.of(new Evolution.Unreadable(declaredClass, reason(e)));
    }
  }

  private Evolution.Change flinkIncompatible(TypeSerializerSnapshot<?> stored) {
    return new Evolution.FlinkIncompatible(declaredClass, stored.getClass().getSimpleName());
  }

  private Class<?> load(String name) throws ClassNotFoundException {
    Class<?> primitive = PRIMITIVES.get(name);
    return primitive != null ? primitive : Class.forName(name, false, classLoader);
  }

  private static byte[] bytesOf(TypeSerializerSnapshot<?> snapshot) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(256);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
    return out.getCopyOfBuffer();
  }

  private static String reason(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    String firstLine = message == null ? "" : ": " + message.lines().findFirst().orElse("");
    return root.getClass().getSimpleName() + firstLine;
  }
}
