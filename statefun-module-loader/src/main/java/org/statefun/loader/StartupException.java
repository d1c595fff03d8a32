package org.statefun.loader;

/**
 * The job cannot start: bad arguments, bad configuration or invalid modules. The message is meant
 * for the user as it is; {@link #exitCode()} is what a command line exits with.
 */
public final class StartupException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Exit code for invalid modules or configuration. */
  public static final int INVALID = 1;

  /** Exit code for unusable command-line arguments. */
  public static final int USAGE = 2;

  private final int exitCode;

  public StartupException(String message, int exitCode) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
