/**
 * The built-in ingresses and egresses: a sequence of numbers, text or JSON lines from files, lines
 * to stdout, lines to files. The module loader registers them as the YAML kinds {@code sequence},
 * {@code file}, {@code print} and {@code file}; Java modules use them through {@link
 * org.statefun.loader.io.BuiltinSources} and {@link org.statefun.loader.io.BuiltinSinks}.
 */
package org.statefun.loader.io;
