/**
 * The public API of statefun: function types, addresses, the function interface and its context.
 *
 * <p>Nothing under {@code org.statefun.sdk} depends on Flink, so functions compile against this API
 * alone.
 */
package org.statefun.sdk;
