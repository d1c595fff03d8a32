package org.statefun.examples.shop;

/** The messages carts and inventory items send each other. */
final class Messages {
  private Messages() {}

  /** Cart → inventory item: reserve {@code quantity} for {@code user}. */
  record Reserve(String user, int quantity) {}

  /** Inventory item → cart: the reservation holds until it expires or is confirmed. */
  record Reserved(String item, int quantity) {}

  /** Inventory item → cart: not enough stock; nothing was reserved. */
  record OutOfStock(String item, int quantity) {}

  /** Cart → inventory item: the user checks out; turn the reservation into a sale. */
  record Confirm(String user) {}

  /** Inventory item → cart: the reservation was sold. */
  record Confirmed(String item, int quantity) {}

  /** Inventory item → itself, delayed: the reservation of {@code user} times out. */
  record Expire(String user) {}

  /** Inventory item → cart: the reservation timed out and went back to stock. */
  record Released(String item, int quantity) {}
}
