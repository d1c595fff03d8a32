package org.statefun.state.tools;

/** A problem the state tool reports as one line and an exit code, never with a stack trace. */
public final class StateToolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Bad data: a savepoint, an input file or a filter that does not fit the modules. */
  public static final int PROBLEM = 1;

  /** Bad arguments. */
  public static final int USAGE = 2;

  private final int exitCode;

  public StateToolException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  /** A problem with the data (exit code 1). */
  public static StateToolException problem(String message) {
    return new StateToolException(message, PROBLEM);
  }

  public int exitCode() {
    return exitCode;
  }
}
