/**
 * Running whole modules in a test on a Flink MiniCluster: {@link
 * org.statefun.testkit.cluster.ModuleRun}. Needs {@code statefun-module-loader} and Flink on the
 * test class path (optional dependencies of the test kit).
 */
package org.statefun.testkit.cluster;
