/**
 * The built-in module.yaml kinds: ingresses {@code sequence} and {@code file}, egresses {@code
 * print} and {@code file}. They register through the same {@link java.util.ServiceLoader} SPI as
 * any plugin kind.
 */
package org.statefun.loader.kinds;
