package org.statefun.loader.spi;

/**
 * Thrown by a kind when a spec has problems. The problems themselves are already recorded in the
 * {@link SpecReader}, with their locations; this exception only stops the creation.
 */
public final class InvalidSpecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidSpecException() {
    super("the spec has problems; see the problems recorded in its SpecReader", null, false, false);
  }
}
