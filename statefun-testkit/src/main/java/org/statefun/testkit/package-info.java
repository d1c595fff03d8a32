/**
 * Unit testing of stateful functions without Flink: {@link org.statefun.testkit.FunctionHarness}
 * drives one function with messages and records what it did. Depends on the SDK only.
 *
 * <p>{@link org.statefun.testkit.cluster.ModuleRun} (in {@code org.statefun.testkit.cluster}) runs
 * whole modules on a Flink MiniCluster.
 */
package org.statefun.testkit;
