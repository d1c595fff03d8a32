package org.statefun.loader.io;

import java.io.PrintStream;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Prints one line per message to the standard output of the process running the sink (on a cluster:
 * the TaskManager's {@code .out} file): {@code prefix} followed by the message's {@code
 * toString()}.
 *
 * @param <T> the message type
 */
public final class StdoutSink<T> implements Sink<T> {

  private static final long serialVersionUID = 1L;

  private final String prefix;

  public StdoutSink(String prefix) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    return new Writer<>(prefix);
  }

  private static final class Writer<T> implements SinkWriter<T> {
    private final String prefix;

    Writer(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public void write(T element, Context context) {
      // Resolved on every write so a redirected System.out (tests, IDEs) is honoured.
      PrintStream out = System.out;
      out.println(prefix + element);
    }

    @Override
    public void flush(boolean endOfInput) {
      System.out.flush();
    }

    @Override
    public void close() {}
  }
}
