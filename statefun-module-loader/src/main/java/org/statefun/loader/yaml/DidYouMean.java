package org.statefun.loader.yaml;

import java.util.Collection;
import java.util.Optional;

/**
 * The loader's name for {@link org.statefun.core.config.DidYouMean}, which core's configuration
 * checks share: one implementation, kept under this name so that the loader's readers compile
 * unchanged. New code uses core's class.
 */
public final class DidYouMean {
  private DidYouMean() {}

  /** See {@link org.statefun.core.config.DidYouMean#closest}. */
  public static Optional<String> closest(String word, Collection<String> candidates) {
    return org.statefun.core.config.DidYouMean.closest(word, candidates);
  }

  /** See {@link org.statefun.core.config.DidYouMean#hint}. */
  public static String hint(String word, Collection<String> candidates) {
    return org.statefun.core.config.DidYouMean.hint(word, candidates);
  }
}
