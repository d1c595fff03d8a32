package org.statefun.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Sink V2 that collects into a JVM-wide list per sink name, for tests on a MiniCluster (which
 * runs in the test's JVM).
 */
public final class CollectingSink<T> implements Sink<T> {

  private static final long serialVersionUID = 1L;
  private static final Map<String, ConcurrentLinkedQueue<Object>> RESULTS =
      new ConcurrentHashMap<>();

  private final String name;

  private CollectingSink(String name) {
    this.name = name;
  }

  /** A new sink with an empty result list under {@code name}. */
  public static <T> CollectingSink<T> named(String name) {
    RESULTS.put(name, new ConcurrentLinkedQueue<>());
    return new CollectingSink<>(name);
  }

  @SuppressWarnings("unchecked")
  public List<T> results() {
    return new ArrayList<>((ConcurrentLinkedQueue<T>) RESULTS.get(name));
  }

  public int size() {
    return RESULTS.get(name).size();
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    ConcurrentLinkedQueue<Object> target = RESULTS.get(name);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context context) {
        target.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
