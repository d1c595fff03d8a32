package org.statefun.examples.shop;

import java.time.Duration;
import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.state.Persisted;
import org.statefun.sdk.state.PersistedTable;
import org.statefun.sdk.state.PersistedValue;

/**
 * The stock of one item (function type {@code shop/inventory}, id = item). A reservation takes
 * stock at once and gives it back when it expires: a delayed {@link Messages.Expire} to itself,
 * cancelled (by its token, the user) when the user checks out in time.
 */
public final class InventoryFn implements StatefulFunction {

  static final FunctionType TYPE = new FunctionType("shop", "inventory");

  private final int initialStock;
  private final Duration reservationTimeout;

  @Persisted private final PersistedValue<Integer> sold = PersistedValue.of("sold", Integer.class);

  @Persisted
  private final PersistedValue<Integer> reserved = PersistedValue.of("reserved", Integer.class);

  /** user → reserved quantity. */
  @Persisted
  private final PersistedTable<String, Integer> reservations =
      PersistedTable.of("reservations", String.class, Integer.class);

  InventoryFn(int initialStock, Duration reservationTimeout) {
    this.initialStock = initialStock;
    this.reservationTimeout = reservationTimeout;
  }

  @Override
  public void invoke(Context context, Object message) {
    String item = context.self().id();
    if (message instanceof Messages.Reserve reserve) {
      int available = initialStock - orZero(sold.get()) - orZero(reserved.get());
      if (reserve.quantity() > available) {
        context.reply(new Messages.OutOfStock(item, reserve.quantity()));
        return;
      }
      Integer previous = reservations.get(reserve.user());
      reservations.set(reserve.user(), orZero(previous) + reserve.quantity());
      reserved.set(orZero(reserved.get()) + reserve.quantity());
      if (previous != null) {
        context.cancelDelayedMessage(reserve.user());
      }
      context.sendAfter(
          reservationTimeout, context.self(), new Messages.Expire(reserve.user()), reserve.user());
      context.reply(new Messages.Reserved(item, reserve.quantity()));
    } else if (message instanceof Messages.Confirm confirm) {
      Integer quantity = reservations.get(confirm.user());
      if (quantity != null) {
        context.cancelDelayedMessage(confirm.user());
        reservations.remove(confirm.user());
        reserved.set(orZero(reserved.get()) - quantity);
        sold.set(orZero(sold.get()) + quantity);
        context.reply(new Messages.Confirmed(item, quantity));
      }
    } else if (message instanceof Messages.Expire expire) {
      Integer quantity = reservations.get(expire.user());
      if (quantity != null) {
        reservations.remove(expire.user());
        reserved.set(orZero(reserved.get()) - quantity);
        context.send(CartFn.TYPE, expire.user(), new Messages.Released(item, quantity));
      }
    } else {
      throw new IllegalArgumentException(
          "Inventory " + item + " got an unexpected message: " + message);
    }
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
