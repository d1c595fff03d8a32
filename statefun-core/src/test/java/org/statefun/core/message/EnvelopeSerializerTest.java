package org.statefun.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.statefun.core.message.SerializerRoundTrips.bytes;
import static org.statefun.core.message.SerializerRoundTrips.read;
import static org.statefun.core.message.SerializerRoundTrips.roundTrip;
import static org.statefun.core.message.SerializerRoundTrips.roundTripAll;
import static org.statefun.core.message.SerializerRoundTrips.roundTripThroughDuplicate;
import static org.statefun.core.message.SerializerRoundTrips.writeAndReadSnapshot;

import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.statefun.core.message.Payloads.Basket;
import org.statefun.sdk.Address;
import org.statefun.sdk.FunctionType;

class EnvelopeSerializerTest {

  private static final Address TARGET = new Address(new FunctionType("shop", "cart"), "user-1");
  private static final Address SOURCE = new Address(new FunctionType("shop", "checkout"), "ü/ß 7");

  private final EnvelopeSerializer serializer = new EnvelopeSerializer();

  static List<Object> payloads() {
    return Payloads.all();
  }

  @ParameterizedTest
  @MethodSource("payloads")
  void roundTripsWithSource(Object payload) throws IOException {
    Envelope envelope = new Envelope(TARGET, SOURCE, payload);
    Envelope back = roundTrip(serializer, envelope);
    assertThat(back).isEqualTo(envelope);
    assertThat(back.payload()).isExactlyInstanceOf(payload.getClass());
  }

  @Test
  void roundTripsWithoutSourceAndWithNullPayload() throws IOException {
    Envelope fromIngress = new Envelope(TARGET, null, "from an ingress");
    assertThat(roundTrip(serializer, fromIngress)).isEqualTo(fromIngress);
    Envelope empty = new Envelope(new Address(new FunctionType("a", "b"), ""), null, null);
    assertThat(roundTrip(serializer, empty)).isEqualTo(empty);
  }

  @Test
  void roundTripsAByteArrayPayload() throws IOException {
    Envelope back = roundTrip(serializer, new Envelope(TARGET, SOURCE, new byte[] {4, 5, 6}));
    assertThat(back.target()).isEqualTo(TARGET);
    assertThat(back.source()).isEqualTo(SOURCE);
    assertThat((byte[]) back.payload()).containsExactly(4, 5, 6);
  }

  @Test
  void readsBackAStreamOfEnvelopesSharingFunctionTypes() throws IOException {
    List<Envelope> envelopes =
        List.of(
            new Envelope(TARGET, SOURCE, 1),
            new Envelope(SOURCE, TARGET, 2L),
            new Envelope(new Address(TARGET.type(), "user-2"), null, "three"),
            new Envelope(TARGET, SOURCE, Basket.of("x")));
    List<Envelope> back = roundTripAll(envelopes, serializer::serialize, serializer::deserialize);
    assertThat(back).containsExactlyElementsOf(envelopes);
    // function types are interned while reading
    assertThat(back.get(2).target().type()).isSameAs(back.get(0).target().type());
  }

  @Test
  void copyingBetweenViewsPreservesTheBytes() throws IOException {
    byte[] original =
        bytes(out -> serializer.serialize(new Envelope(TARGET, SOURCE, Basket.of("a", "b")), out));
    byte[] copied =
        read(
            original,
            in -> {
              DataOutputSerializer out = new DataOutputSerializer(64);
              serializer.copy(in, out);
              return out.getCopyOfBuffer();
            });
    assertThat(copied).isEqualTo(original);
  }

  @Test
  void copyIsDeepForMutablePayloads() {
    Basket basket = Basket.of("apple");
    Envelope original = new Envelope(TARGET, SOURCE, basket);
    Envelope copy = serializer.copy(original);

    assertThat(copy).isNotSameAs(original).isEqualTo(original);
    ((Basket) copy.payload()).items.add("pear");
    ((Basket) copy.payload()).counts.clear();

    assertThat(basket.items).containsExactly("apple");
    assertThat(basket.counts).containsExactly(java.util.Map.entry("apple", 1));
    assertThat(serializer.copy(original, null).payload()).isNotSameAs(basket).isEqualTo(basket);
  }

  @Test
  void copyKeepsStringPayloadsThemselves() {
    String payload = new String("hello");
    Envelope original = new Envelope(TARGET, null, payload);
    Envelope copy = serializer.copy(original);
    assertThat(copy).isEqualTo(original);
    assertThat(copy.payload()).isSameAs(payload);
  }

  @Test
  void duplicateIsAnEqualButIndependentSerializer() throws IOException {
    TypeSerializer<Envelope> duplicate = serializer.duplicate();
    assertThat(duplicate).isNotSameAs(serializer).isEqualTo(serializer);
    assertThat(duplicate.hashCode()).isEqualTo(serializer.hashCode());
    Envelope envelope = new Envelope(TARGET, SOURCE, new Payloads.Point(1, 2));
    assertThat(roundTripThroughDuplicate(serializer, envelope)).isEqualTo(envelope);
  }

  @Test
  void describesItselfToFlink() {
    assertThat(serializer.isImmutableType()).isFalse();
    assertThat(serializer.getLength()).isEqualTo(-1);
    assertThat(serializer.createInstance()).isNull();
  }

  @Test
  void snapshotRestoresAnEqualSerializerAndIsCompatibleAsIs() throws IOException {
    TypeSerializerSnapshot<Envelope> restored = writeAndReadSnapshot(serializer);
    assertThat(restored).isInstanceOf(EnvelopeSerializer.Snapshot.class);
    TypeSerializer<Envelope> restoredSerializer = restored.restoreSerializer();
    assertThat(restoredSerializer).isInstanceOf(EnvelopeSerializer.class).isEqualTo(serializer);
    Envelope envelope = new Envelope(TARGET, SOURCE, Basket.of("q"));
    Envelope back =
        read(bytes(out -> serializer.serialize(envelope, out)), restoredSerializer::deserialize);
    assertThat(back).isEqualTo(envelope);

    TypeSerializerSchemaCompatibility<Envelope> compatibility =
        new EnvelopeSerializer().snapshotConfiguration().resolveSchemaCompatibility(restored);
    assertThat(compatibility.isCompatibleAsIs()).isTrue();
  }
}
