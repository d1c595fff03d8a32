package org.statefun.examples.shop;

import com.google.auto.service.AutoService;
import java.time.Duration;
import java.util.Map;
import org.statefun.sdk.spi.Binder;
import org.statefun.sdk.spi.StatefulFunctionModule;

/**
 * Binds the cart and inventory functions, configured from the job's global configuration: {@code
 * statefun.module.global-config.shop.initial-stock} (per item, default 3) and {@code
 * statefun.module.global-config.shop.reservation-seconds} (default 3). The ingress, router and
 * egress are in module.yaml.
 */
@AutoService(StatefulFunctionModule.class)
public final class ShopModule implements StatefulFunctionModule {

  @Override
  public void configure(Map<String, String> globalConfiguration, Binder binder) {
    int initialStock =
        Integer.parseInt(globalConfiguration.getOrDefault("shop.initial-stock", "3"));
    Duration timeout =
        Duration.ofSeconds(
            Long.parseLong(globalConfiguration.getOrDefault("shop.reservation-seconds", "3")));
    binder.bindFunctionProvider(CartFn.TYPE, type -> new CartFn());
    binder.bindFunctionProvider(InventoryFn.TYPE, type -> new InventoryFn(initialStock, timeout));
  }
}
