package org.statefun.examples.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.statefun.testkit.cluster.ModuleRun;
import org.statefun.testkit.cluster.ModuleRunResult;

/**
 * Runs modules/shopping-cart (module.yaml, commands.jsonl and shopping-cart.jar with ShopModule) on
 * a MiniCluster with the test kit: bob never checks out, so his reservation expires (a delayed
 * message); alice's reservations are confirmed in time (the delayed messages are cancelled); carol
 * asks for more pears than exist. The run is quiescent only once bob's reservation has expired.
 */
class ShoppingCartIT {

  private static final Path MODULE = Path.of("../../modules/shopping-cart");

  @Test
  void reservesSellsRefusesAndExpiresExactlyOnceThroughAFailure() throws Exception {
    ModuleRunResult result =
        ModuleRun.ofModule(MODULE).globalConfig("shop.reservation-seconds", "2").failAfter(3).run();
    assertThat(result.failureInjected()).isTrue();
    assertThat(result.records("shop/receipts"))
        .containsExactlyInAnyOrder(
            "alice reserved 2 apple",
            "bob reserved 1 apple",
            "alice reserved 1 pear",
            "carol could not reserve 5 pear",
            "alice bought 2 apple",
            "alice bought 1 pear",
            "bob's reservation of 1 apple expired");
  }
}
