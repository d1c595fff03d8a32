package org.statefun.state.tools;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink into a queue of this JVM: the state tool's jobs always run on a cluster in the tool's own
 * JVM (a local one, or a test's MiniCluster). Unlike {@code executeAndCollect}, a job that ends
 * without output ends quietly, and a failure fails {@code execute}.
 *
 * @param <T> the records
 */
final class LocalCollector<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;
  private static final Map<String, Queue<Object>> QUEUES = new ConcurrentHashMap<>();

  private final String key = UUID.randomUUID().toString();

  LocalCollector() {
    QUEUES.put(key, new ConcurrentLinkedQueue<>());
  }

  /** Everything collected; releases the queue. */
  @SuppressWarnings("unchecked")
  List<T> drain() {
    Queue<Object> queue = QUEUES.remove(key);
    return queue == null ? List.of() : (List<T>) List.copyOf(queue);
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    Queue<Object> queue = QUEUES.get(key);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context context) {
        queue.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
