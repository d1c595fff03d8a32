package org.statefun.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.statefun.core.message.SerializerRoundTrips.bytes;
import static org.statefun.core.message.SerializerRoundTrips.read;
import static org.statefun.core.message.SerializerRoundTrips.roundTripAll;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.statefun.core.message.Payloads.Account;
import org.statefun.core.message.Payloads.Basket;
import org.statefun.core.message.Payloads.Holder;
import org.statefun.core.message.Payloads.Line;
import org.statefun.core.message.Payloads.Point;
import org.statefun.core.message.Payloads.Tagged;
import org.statefun.core.termination.IngressEnd;
import org.statefun.sdk.TypedValue;

class PayloadSerializerTest {

  private final PayloadSerializer serializer = new PayloadSerializer();

  private Object roundTrip(Object payload) throws IOException {
    return read(bytes(out -> serializer.serialize(payload, out)), serializer::deserialize);
  }

  static List<Object> payloads() {
    return Payloads.all();
  }

  @ParameterizedTest
  @MethodSource("payloads")
  void roundTripsEqualValueOfTheSameClass(Object payload) throws IOException {
    Object back = roundTrip(payload);
    assertThat(back).isExactlyInstanceOf(payload.getClass()).isEqualTo(payload);
  }

  @Test
  void roundTripsNull() throws IOException {
    assertThat(bytes(out -> serializer.serialize(null, out))).containsExactly(0);
    assertThat(roundTrip(null)).isNull();
  }

  @Test
  void roundTripsByteArrays() throws IOException {
    assertThat((byte[]) roundTrip(new byte[] {1, -2, 0, 127, -128}))
        .containsExactly(1, -2, 0, 127, -128);
    assertThat((byte[]) roundTrip(new byte[0])).isEmpty();
  }

  @Test
  void roundTripsTypedValuesWithATagAndCopiesTheirBytes() throws IOException {
    TypedValue value = new TypedValue("com.example/User", new byte[] {1, 2, 3});
    DataOutputSerializer out = new DataOutputSerializer(32);
    serializer.serialize(value, out);
    // tag, type name (UTF length + 16 chars), length, 3 bytes: no Kryo class name.
    assertThat(out.length()).isEqualTo(1 + 1 + 16 + 4 + 3);
    assertThat(roundTrip(value)).isEqualTo(value);
    TypedValue copy = (TypedValue) serializer.copy(value);
    assertThat(copy).isEqualTo(value);
    assertThat(copy.value()).isNotSameAs(value.value());
  }

  @Test
  void writesCommonTypesCompactly() throws IOException {
    // a one-byte tag plus the value itself: no class names for the common immutable types
    assertThat(bytes(out -> serializer.serialize(7L, out))).hasSize(1 + 8);
    assertThat(bytes(out -> serializer.serialize(7, out))).hasSize(1 + 4);
    assertThat(bytes(out -> serializer.serialize(true, out))).hasSize(1 + 1);
    assertThat(bytes(out -> serializer.serialize(new IngressEnd(1, 2, 3), out))).hasSize(1 + 12);
    assertThat(bytes(out -> serializer.serialize("ab", out))).hasSize(1 + 1 + 2);
  }

  @Test
  void manyPayloadsInOneStreamReadBackInOrder() throws IOException {
    List<Object> payloads = Payloads.all();
    List<Object> back = roundTripAll(payloads, serializer::serialize, serializer::deserialize);
    assertThat(back).containsExactlyElementsOf(payloads);
  }

  @Test
  void anUnknownTagIsReportedAsCorrupt() {
    assertThatThrownBy(() -> read(new byte[] {42}, serializer::deserialize))
        .isInstanceOf(IOException.class)
        .hasMessage("Corrupt message payload: unknown type tag 42");
  }

  @Test
  void copyOfAMutablePojoIsDeep() {
    Basket original = Basket.of("apple", "pear");
    Basket copy = (Basket) serializer.copy(original);

    assertThat(copy).isNotSameAs(original).isEqualTo(original);
    assertThat(copy.items).isNotSameAs(original.items);
    copy.items.add("plum");
    copy.counts.put("apple", 99);

    assertThat(original.items).containsExactly("apple", "pear");
    assertThat(original.counts).containsOnly(entry("apple", 1), entry("pear", 1));
  }

  @Test
  void copyOfARecordWithAMutableComponentIsDeep() {
    Tagged original = new Tagged("t", new ArrayList<>(List.of("a")));
    Tagged copy = (Tagged) serializer.copy(original);

    assertThat(copy).isEqualTo(original);
    copy.tags().add("b");
    assertThat(original.tags()).containsExactly("a");
  }

  @Test
  void copyOfAPojoHoldingSuchARecordIsDeep() {
    Holder original = new Holder(new Tagged("h", new ArrayList<>(List.of("a"))));
    Holder copy = (Holder) serializer.copy(original);

    assertThat(copy).isEqualTo(original);
    copy.tagged.tags().add("b");
    assertThat(original.tagged.tags()).containsExactly("a");
  }

  @Test
  void copyOfAByteArrayIsAnotherArray() {
    byte[] original = {1, 2, 3};
    byte[] copy = (byte[]) serializer.copy(original);
    copy[0] = 9;
    assertThat(original).containsExactly(1, 2, 3);
    assertThat(copy).containsExactly(9, 2, 3);
  }

  @Test
  void copyOfARecordEqualsIt() {
    Line line = new Line(new Point(1, 2), new Point(3, 4), "l");
    assertThat(serializer.copy(line)).isEqualTo(line);
    Account account = new Account("bob", -5);
    assertThat(serializer.copy(account)).isEqualTo(account);
  }

  @Test
  void copyReturnsImmutableValuesThemselves() {
    String s = new String("not interned");
    assertThat(serializer.copy(s)).isSameAs(s);
    Long big = 123_456_789L;
    assertThat(serializer.copy(big)).isSameAs(big);
    IngressEnd end = new IngressEnd(0, 0, 1);
    assertThat(serializer.copy(end)).isSameAs(end);
    assertThat(serializer.copy(null)).isNull();
  }

  @Test
  void duplicatesAreIndependentAndCompatible() throws Exception {
    PayloadSerializer duplicate = serializer.duplicate();
    assertThat(duplicate).isNotSameAs(serializer);
    Object payload = new Line(new Point(1, 2), null, "x");
    assertThat(read(bytes(out -> serializer.serialize(payload, out)), duplicate::deserialize))
        .isEqualTo(payload);

    // Kryo is not thread-safe: duplicates used on two threads at once must not interfere.
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Callable<Integer> work =
          () -> {
            PayloadSerializer own = serializer.duplicate();
            int ok = 0;
            for (int i = 0; i < 5_000; i++) {
              Line line = new Line(new Point(i, -i), new Point(i * 2, 7), "line-" + i);
              Object back = read(bytes(out -> own.serialize(line, out)), own::deserialize);
              ok += line.equals(back) ? 1 : 0;
            }
            return ok;
          };
      Future<Integer> a = threads.submit(work);
      Future<Integer> b = threads.submit(work);
      assertThat(a.get(30, TimeUnit.SECONDS)).isEqualTo(5_000);
      assertThat(b.get(30, TimeUnit.SECONDS)).isEqualTo(5_000);
    } finally {
      threads.shutdownNow();
    }
  }

  private static java.util.Map.Entry<String, Integer> entry(String key, int value) {
    return java.util.Map.entry(key, value);
  }
}
