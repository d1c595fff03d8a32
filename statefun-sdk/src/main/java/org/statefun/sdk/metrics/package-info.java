/**
 * User metrics of stateful functions: {@link org.statefun.sdk.metrics.Metrics} from {@link
 * org.statefun.sdk.Context#metrics()}. No metric library types: the runtime adapts them.
 */
package org.statefun.sdk.metrics;
