package org.statefun.examples.shop;

import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.state.Persisted;
import org.statefun.sdk.state.PersistedTable;

/**
 * The cart of one user (function type {@code shop/cart}, id = user). Asks inventory items for
 * reservations, checks out by confirming them, and reports every outcome to {@code shop/receipts}.
 */
public final class CartFn implements StatefulFunction {

  static final FunctionType TYPE = new FunctionType("shop", "cart");
  static final EgressIdentifier<String> RECEIPTS =
      new EgressIdentifier<>(String.class, "shop", "receipts");

  /** item → quantity asked for and not yet sold, released or refused. */
  @Persisted
  private final PersistedTable<String, Integer> items =
      PersistedTable.of("items", String.class, Integer.class);

  @Override
  public void invoke(Context context, Object message) {
    String user = context.self().id();
    if (message instanceof CartCommand command) {
      handle(context, command);
    } else if (message instanceof Messages.Reserved reserved) {
      context.send(RECEIPTS, user + " reserved " + reserved.quantity() + " " + reserved.item());
    } else if (message instanceof Messages.OutOfStock refused) {
      items.remove(refused.item());
      context.send(
          RECEIPTS, user + " could not reserve " + refused.quantity() + " " + refused.item());
    } else if (message instanceof Messages.Confirmed sold) {
      items.remove(sold.item());
      context.send(RECEIPTS, user + " bought " + sold.quantity() + " " + sold.item());
    } else if (message instanceof Messages.Released released) {
      items.remove(released.item());
      context.send(
          RECEIPTS,
          user + "'s reservation of " + released.quantity() + " " + released.item() + " expired");
    } else {
      throw new IllegalArgumentException("Cart " + user + " got an unexpected message: " + message);
    }
  }

  private void handle(Context context, CartCommand command) {
    switch (command.action()) {
      case "add" -> {
        Integer asked = items.get(command.item());
        items.set(command.item(), (asked == null ? 0 : asked) + command.quantity());
        context.send(
            InventoryFn.TYPE,
            command.item(),
            new Messages.Reserve(context.self().id(), command.quantity()));
      }
      case "checkout" -> {
        for (String item : items.keys()) {
          context.send(InventoryFn.TYPE, item, new Messages.Confirm(context.self().id()));
        }
      }
      default -> throw new IllegalArgumentException("Unknown cart action: " + command);
    }
  }
}
