package org.statefun.core.translation;

/** The universe or the configuration cannot be turned into a Flink job. */
public final class TranslationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TranslationException(String message) {
    super(message);
  }

  public TranslationException(String message, Throwable cause) {
    super(message, cause);
  }
}
