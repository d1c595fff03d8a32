package org.statefun.examples.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.testing.MiniClusters;
import org.statefun.loader.testing.EntrypointRuns;
import org.statefun.loader.testing.ModuleDirectories;

/**
 * Runs a copy of modules/shopping-cart through the entrypoint: bob never checks out, so his
 * reservation expires (a delayed message); alice's reservations are confirmed in time (the delayed
 * messages are cancelled); carol asks for more pears than exist.
 */
class ShoppingCartIT {

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2);

  @Test
  void reservesSellsRefusesAndExpires(@TempDir Path dir) throws Exception {
    ModuleDirectories.copy(Path.of("../../modules/shopping-cart"), dir.resolve("modules"));
    assertThat(
            EntrypointRuns.printedLines(
                dir, "shop: ", "-Dstatefun.module.global-config.shop.reservation-seconds=2"))
        .containsExactlyInAnyOrder(
            "shop: alice reserved 2 apple",
            "shop: bob reserved 1 apple",
            "shop: alice reserved 1 pear",
            "shop: carol could not reserve 5 pear",
            "shop: alice bought 2 apple",
            "shop: alice bought 1 pear",
            "shop: bob's reservation of 1 apple expired");
  }
}
