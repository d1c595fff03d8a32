package org.statefun.io.kafka.testing;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * Watches every log event of level INFO and above (see log4j2-test.properties, which lets INFO
 * through to appenders) for a text that must never be logged, such as a secret, and for a witness
 * text that shows the watched events are the interesting ones.
 */
public final class LogCapture implements AutoCloseable {

  private final AbstractAppender appender;
  private final AtomicReference<String> firstMatch = new AtomicReference<>();
  private final AtomicBoolean witnessed = new AtomicBoolean();

  /**
   * @param needle the text that must not be logged
   * @param witness a text that is expected in the log
   */
  public LogCapture(String needle, String witness) {
    appender =
        new AbstractAppender("statefun-log-capture", null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            String message = event.getMessage().getFormattedMessage();
            Throwable thrown = event.getThrown();
            StringBuilder text = new StringBuilder(message == null ? "" : message);
            for (Throwable t = thrown; t != null; t = t.getCause()) {
              text.append('\n').append(t);
            }
            if (text.indexOf(witness) >= 0) {
              witnessed.set(true);
            }
            if (text.indexOf(needle) >= 0) {
              firstMatch.compareAndSet(null, event.getLoggerName() + ": " + text);
            }
          }
        };
    appender.start();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getRootLogger().addAppender(appender, Level.INFO, null);
    context.updateLoggers();
  }

  /** Whether a logged line contained the witness text. */
  public boolean witnessed() {
    return witnessed.get();
  }

  /** The first logged line that contained the text, if any. */
  public Optional<String> firstMatch() {
    return Optional.ofNullable(firstMatch.get());
  }

  @Override
  public void close() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getRootLogger().removeAppender(appender.getName());
    context.updateLoggers();
    appender.stop();
  }
}
