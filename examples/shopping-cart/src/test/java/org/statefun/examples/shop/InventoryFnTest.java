package org.statefun.examples.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.statefun.sdk.Address;
import org.statefun.testkit.Delayed;
import org.statefun.testkit.FunctionHarness;
import org.statefun.testkit.Invocation;
import org.statefun.testkit.Sent;
import org.statefun.testkit.TimeAdvance;

/** InventoryFn alone: reservations, their expiry (a delayed message) and its cancellation. */
class InventoryFnTest {

  private static final Address ALICE = new Address(CartFn.TYPE, "alice");
  private static final Address BOB = new Address(CartFn.TYPE, "bob");

  private final FunctionHarness apples =
      FunctionHarness.of(new InventoryFn(3, Duration.ofSeconds(30)), InventoryFn.TYPE);

  @Test
  void aReservationTakesStockAndExpiresUnlessConfirmed() throws Exception {
    Invocation reserve = apples.invoke(BOB, "apple", new Messages.Reserve("bob", 2));
    assertThat(reserve.sent())
        .containsExactly(new Sent(apples.address("apple"), BOB, new Messages.Reserved("apple", 2)));
    assertThat(reserve.delayed())
        .extracting(Delayed::to, Delayed::message, Delayed::delay, Delayed::cancellationToken)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                apples.address("apple"),
                new Messages.Expire("bob"),
                Duration.ofSeconds(30),
                "bob"));
    assertThat(apples.state("apple").value("reserved")).isEqualTo(2);
    assertThat(apples.state("apple").<String, Integer>table("reservations"))
        .isEqualTo(Map.of("bob", 2));

    assertThat(apples.advanceTime(Duration.ofSeconds(29)).invocations()).isEmpty();
    TimeAdvance expiry = apples.advanceTime(Duration.ofSeconds(1));
    assertThat(expiry.invocations())
        .extracting(Invocation::message)
        .containsExactly(new Messages.Expire("bob"));
    assertThat(expiry.sent())
        .containsExactly(new Sent(apples.address("apple"), BOB, new Messages.Released("apple", 2)));
    assertThat(apples.state("apple").value("reserved")).isEqualTo(0);
    assertThat(apples.state("apple").<String, Integer>table("reservations")).isEmpty();
  }

  @Test
  void aConfirmationCancelsTheExpiryAndSells() throws Exception {
    apples.invoke(ALICE, "apple", new Messages.Reserve("alice", 2));
    Invocation confirm = apples.invoke(ALICE, "apple", new Messages.Confirm("alice"));
    assertThat(confirm.cancelled()).containsExactly("alice");
    assertThat(confirm.sentTo(ALICE)).containsExactly(new Messages.Confirmed("apple", 2));
    assertThat(apples.pendingDelayed()).isEmpty();
    assertThat(apples.advanceTime(Duration.ofMinutes(1)).invocations()).isEmpty();
    assertThat(apples.state("apple").value("sold")).isEqualTo(2);
    assertThat(apples.state("apple").value("reserved")).isEqualTo(0);
  }

  @Test
  void aSecondReservationRestartsTheTimeout() throws Exception {
    apples.invoke(ALICE, "apple", new Messages.Reserve("alice", 1));
    apples.advanceTime(Duration.ofSeconds(20));
    Invocation again = apples.invoke(ALICE, "apple", new Messages.Reserve("alice", 1));
    assertThat(again.cancelled()).containsExactly("alice");
    assertThat(apples.pendingDelayed())
        .extracting(Delayed::dueAt)
        .containsExactly(FunctionHarness.START.plusSeconds(50));
    assertThat(apples.state("apple").<String, Integer>table("reservations"))
        .isEqualTo(Map.of("alice", 2));
  }

  @Test
  void refusesMoreThanTheStock() throws Exception {
    apples.invoke(ALICE, "apple", new Messages.Reserve("alice", 2));
    Invocation refused = apples.invoke(BOB, "apple", new Messages.Reserve("bob", 2));
    assertThat(refused.sentTo(BOB)).containsExactly(new Messages.OutOfStock("apple", 2));
    assertThat(refused.delayed()).isEmpty();
    assertThat(apples.state("apple").value("reserved")).isEqualTo(2);
  }
}
