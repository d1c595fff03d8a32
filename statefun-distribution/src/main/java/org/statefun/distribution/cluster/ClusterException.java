package org.statefun.distribution.cluster;

/** A failure of a cluster command, told to the user as one line (the message). */
public class ClusterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}, one line without the command's name. */
  public ClusterException(String message) {
    super(message);
  }
}
