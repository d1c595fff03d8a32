package org.statefun.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.IntSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.state.StateId.Role;
import org.statefun.sdk.FunctionType;

/**
 * What the state serializer's snapshot tells Flink for the evolutions it allows: an unchanged class
 * is compatible as is (no migration, no cost), a record that gained a field is migrated, and a
 * state written by Flink's own serializer before statefun wrapped it is read and rewritten.
 */
class StateSerializerSnapshotTest {
  static final FunctionType TYPE = new FunctionType("test", "snapshots");

  @TempDir Path dir;

  @Test
  void anUnchangedRecordIsCompatibleAsIs() throws IOException {
    ClassLoader before = CompiledClasses.compile(dir.resolve("v1"), StateEvolutionTest.PROFILE);
    ClassLoader after = CompiledClasses.compile(dir.resolve("v2"), StateEvolutionTest.PROFILE);

    TypeSerializerSnapshot<Object> stored =
        storedSnapshot(serializer(before, "evolving.Profile"), after);

    TypeSerializerSchemaCompatibility<Object> compatibility =
        serializer(after, "evolving.Profile")
            .snapshotConfiguration()
            .resolveSchemaCompatibility(stored);
    assertThat(compatibility.isCompatibleAsIs()).isTrue();
  }

  @Test
  void anUnchangedBasicTypeIsCompatibleAsIs() throws IOException {
    StateSerializer<Integer> serializer = serializerOf(Integer.class);
    TypeSerializerSnapshot<Integer> stored =
        storedSnapshot(serializer, getClass().getClassLoader());

    assertThat(
            serializer
                .snapshotConfiguration()
                .resolveSchemaCompatibility(stored)
                .isCompatibleAsIs())
        .isTrue();
  }

  @Test
  void aRecordThatGainedAFieldIsMigrated() throws IOException {
    ClassLoader before = CompiledClasses.compile(dir.resolve("v1"), StateEvolutionTest.PROFILE);
    ClassLoader after =
        CompiledClasses.compile(dir.resolve("v2"), StateEvolutionTest.PROFILE_GAINED);

    TypeSerializerSnapshot<Object> stored =
        storedSnapshot(serializer(before, "evolving.Profile"), after);

    TypeSerializerSchemaCompatibility<Object> compatibility =
        serializer(after, "evolving.Profile")
            .snapshotConfiguration()
            .resolveSchemaCompatibility(stored);
    assertThat(compatibility.isCompatibleAfterMigration()).isTrue();
  }

  @Test
  void aValueWrittenByFlinksOwnSerializerIsReadAndRewrittenFramed() {
    TypeSerializerSchemaCompatibility<String> text =
        StateSerializerSnapshotTest.<String>serializerOf(String.class)
            .snapshotConfiguration()
            .resolveSchemaCompatibility(StringSerializer.INSTANCE.snapshotConfiguration());
    TypeSerializerSchemaCompatibility<Integer> number =
        StateSerializerSnapshotTest.<Integer>serializerOf(Integer.class)
            .snapshotConfiguration()
            .resolveSchemaCompatibility(IntSerializer.INSTANCE.snapshotConfiguration());

    assertThat(text.isCompatibleAfterMigration()).as("variable length: framed now").isTrue();
    assertThat(number.isCompatibleAsIs()).as("fixed length: never framed").isTrue();
  }

  @Test
  void aValueWrittenByFlinksOwnSerializerOfAnotherTypeFailsNamingTheState() {
    assertThatThrownBy(
            () ->
                StateSerializerSnapshotTest.<Integer>serializerOf(Integer.class)
                    .snapshotConfiguration()
                    .resolveSchemaCompatibility(
                        cast(StringSerializer.INSTANCE.snapshotConfiguration())))
        .isExactlyInstanceOf(StateEvolutionException.class)
        .hasMessage(
            "Function type test/snapshots, state 'visits' cannot be restored: Flink's serializer"
                + " (StringSerializerSnapshot) reports the stored form of class java.lang.Integer"
                + " incompatible with the class now. Restore the class as it was, or store the new"
                + " form under a new state name.");
  }

  private static StateSerializer<Object> serializer(ClassLoader loader, String className) {
    return serializerOf(CompiledClasses.load(loader, className));
  }

  @SuppressWarnings("unchecked")
  private static <T> StateSerializer<T> serializerOf(Class<?> type) {
    StateTypeInfo<T> info =
        StateTypeInfo.of(new StateId(TYPE, "visits", Role.VALUE), (Class<T>) type);
    return (StateSerializer<T>) info.createSerializer(new SerializerConfigImpl());
  }

  /** The snapshot as a restore reads it: written to bytes and read back with {@code loader}. */
  private static <T> TypeSerializerSnapshot<T> storedSnapshot(
      TypeSerializer<T> serializer, ClassLoader loader) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(256);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
    return TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(out.getCopyOfBuffer()), loader);
  }

  @SuppressWarnings("unchecked")
  private static <T> TypeSerializerSnapshot<T> cast(TypeSerializerSnapshot<?> snapshot) {
    return (TypeSerializerSnapshot<T>) snapshot;
  }
}
