package org.statefun.testkit;

import org.statefun.sdk.Address;

/**
 * A checked exception a function threw while the harness delivered a message on a path that cannot
 * throw checked exceptions (an async result). Its cause is what the function threw.
 */
public final class FunctionFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  FunctionFailedException(Address address, Object message, Exception cause) {
    super(address + " failed on " + message + ": " + cause, cause);
  }
}
