package org.statefun.core.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.statefun.core.message.SerializerRoundTrips.roundTrip;
import static org.statefun.core.message.SerializerRoundTrips.roundTripThroughDuplicate;
import static org.statefun.core.message.SerializerRoundTrips.writeAndReadSnapshot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.junit.jupiter.api.Test;
import org.statefun.core.message.Envelope;
import org.statefun.sdk.Address;
import org.statefun.sdk.FunctionType;

class DelayedMessageSerializerTest {

  private static final Address TARGET = new Address(new FunctionType("timer", "fn"), "42");
  private static final Address SOURCE = new Address(new FunctionType("timer", "caller"), "7");

  private final DelayedMessage.Serializer serializer = new DelayedMessage.Serializer();

  record Reminder(String text, List<String> tags) {}

  @Test
  void roundTripsWithToken() throws IOException {
    DelayedMessage message =
        new DelayedMessage(
            1_700_000_000_123L,
            "cancel-me-ü",
            new Envelope(TARGET, SOURCE, new Reminder("call", new ArrayList<>(List.of("a")))));
    assertThat(roundTrip(serializer, message)).isEqualTo(message);
  }

  @Test
  void roundTripsWithoutToken() throws IOException {
    DelayedMessage message = new DelayedMessage(-1L, null, new Envelope(TARGET, null, "ping"));
    DelayedMessage back = roundTrip(serializer, message);
    assertThat(back).isEqualTo(message);
    assertThat(back.token()).isNull();
  }

  @Test
  void anEmptyTokenIsNotConfusedWithNone() throws IOException {
    DelayedMessage message = new DelayedMessage(5L, "", new Envelope(TARGET, SOURCE, 1));
    assertThat(roundTrip(serializer, message).token()).isEmpty();
  }

  @Test
  void duplicateReadsWhatTheOriginalWrote() throws IOException {
    TypeSerializer<DelayedMessage> duplicate = serializer.duplicate();
    assertThat(duplicate).isNotSameAs(serializer).isEqualTo(serializer);
    DelayedMessage message = new DelayedMessage(9L, "t", new Envelope(TARGET, SOURCE, 3.5));
    assertThat(roundTripThroughDuplicate(serializer, message)).isEqualTo(message);
  }

  @Test
  void copyIsDeep() {
    Reminder reminder = new Reminder("x", new ArrayList<>(List.of("a")));
    DelayedMessage message = new DelayedMessage(1L, "t", new Envelope(TARGET, SOURCE, reminder));
    DelayedMessage copy = serializer.copy(message);
    assertThat(copy).isEqualTo(message);
    ((Reminder) copy.envelope().payload()).tags().add("b");
    assertThat(reminder.tags()).containsExactly("a");
  }

  @Test
  void snapshotRestoresTheSerializer() throws IOException {
    TypeSerializerSnapshot<DelayedMessage> restored = writeAndReadSnapshot(serializer);
    assertThat(restored.restoreSerializer()).isEqualTo(serializer);
    assertThat(
            serializer
                .snapshotConfiguration()
                .resolveSchemaCompatibility(restored)
                .isCompatibleAsIs())
        .isTrue();
  }
}
