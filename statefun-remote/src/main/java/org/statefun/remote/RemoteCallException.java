package org.statefun.remote;

/** A call to a remote function that failed for good: its attempts are used up or it was refused. */
public final class RemoteCallException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  RemoteCallException(String message, Throwable cause) {
    super(message, cause);
  }
}
