package org.statefun.loader.binding;

/**
 * A function of a module.yaml {@code class:} could not be created: its constructor or its static
 * initializer threw. The message names the class and the function type and ends with the cause, so
 * it reads as one line wherever the runtime reports it.
 */
public final class FunctionCreationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String detail;

  /**
   * @param type the function type, for the message
   * @param detail what failed, e.g. "the constructor of class 'x.Y' failed: java.lang…: …"
   * @param cause what the constructor or initializer threw
   */
  public FunctionCreationException(String type, String detail, Throwable cause) {
    super("Function type " + type + ": " + detail, cause);
    this.detail = detail;
  }

  /** The message without the function type. */
  public String detail() {
    return detail;
  }
}
