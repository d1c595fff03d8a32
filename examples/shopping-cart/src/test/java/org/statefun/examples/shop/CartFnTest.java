package org.statefun.examples.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.statefun.sdk.Address;
import org.statefun.testkit.FunctionHarness;
import org.statefun.testkit.Invocation;

/** CartFn alone: what it asks the inventory for and what it reports. */
class CartFnTest {

  private static final Address APPLES = new Address(InventoryFn.TYPE, "apple");
  private static final Address PEARS = new Address(InventoryFn.TYPE, "pear");

  private final FunctionHarness carts = FunctionHarness.of(new CartFn(), CartFn.TYPE);

  @Test
  void addsAskForReservationsAndCheckoutConfirmsThem() throws Exception {
    Invocation add = carts.invoke("alice", new CartCommand("alice", "add", "apple", 2));
    assertThat(add.sentTo(APPLES)).containsExactly(new Messages.Reserve("alice", 2));
    carts.invoke("alice", new CartCommand("alice", "add", "pear", 1));
    carts.invoke("alice", new CartCommand("alice", "add", "apple", 1));
    assertThat(carts.state("alice").<String, Integer>table("items"))
        .isEqualTo(Map.of("apple", 3, "pear", 1));

    Invocation reserved = carts.invoke(APPLES, "alice", new Messages.Reserved("apple", 2));
    assertThat(reserved.egress(CartFn.RECEIPTS)).containsExactly("alice reserved 2 apple");

    Invocation checkout = carts.invoke("alice", new CartCommand("alice", "checkout", null, 0));
    assertThat(checkout.sent())
        .extracting(s -> s.to(), s -> s.message())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(APPLES, new Messages.Confirm("alice")),
            org.assertj.core.groups.Tuple.tuple(PEARS, new Messages.Confirm("alice")));

    Invocation sold = carts.invoke(APPLES, "alice", new Messages.Confirmed("apple", 3));
    assertThat(sold.egress(CartFn.RECEIPTS)).containsExactly("alice bought 3 apple");
    assertThat(carts.state("alice").<String, Integer>table("items")).isEqualTo(Map.of("pear", 1));
  }

  @Test
  void reportsRefusalsAndExpiriesAndForgetsTheItem() throws Exception {
    carts.invoke("bob", new CartCommand("bob", "add", "pear", 5));
    carts.invoke("bob", new CartCommand("bob", "add", "apple", 1));
    Invocation refused = carts.invoke(PEARS, "bob", new Messages.OutOfStock("pear", 5));
    Invocation released = carts.invoke(APPLES, "bob", new Messages.Released("apple", 1));
    assertThat(refused.egress(CartFn.RECEIPTS)).containsExactly("bob could not reserve 5 pear");
    assertThat(released.egress(CartFn.RECEIPTS))
        .containsExactly("bob's reservation of 1 apple expired");
    assertThat(carts.state("bob").isEmpty()).isTrue();
  }
}
