package org.statefun.core.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A transactional test sink: records become visible only when the checkpoint that covers them
 * completes, and each batch is committed once even if Flink retries the commit after a restore.
 * Output that a failure rolls back never shows, just like a read_committed Kafka consumer.
 */
public final class ExactlyOnceSink
    implements Sink<String>, SupportsCommitter<ExactlyOnceSink.Batch> {

  private static final long serialVersionUID = 1L;
  private static final Map<String, ConcurrentLinkedQueue<String>> RESULTS =
      new ConcurrentHashMap<>();
  private static final Map<String, Set<String>> COMMITTED = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> COMMITS = new ConcurrentHashMap<>();

  /** Records written between two checkpoints by one writer. */
  public record Batch(String id, List<String> records) {}

  private final String name;

  private ExactlyOnceSink(String name) {
    this.name = name;
  }

  public static ExactlyOnceSink named(String name) {
    RESULTS.put(name, new ConcurrentLinkedQueue<>());
    COMMITTED.put(name, ConcurrentHashMap.newKeySet());
    COMMITS.put(name, new AtomicInteger());
    return new ExactlyOnceSink(name);
  }

  public List<String> committed() {
    return new ArrayList<>(RESULTS.get(name));
  }

  /** How many batches were committed: at least one per completed checkpoint and writer. */
  public int commits() {
    return COMMITS.get(name).get();
  }

  @Override
  public SinkWriter<String> createWriter(WriterInitContext context) {
    return new Writer();
  }

  @Override
  public Committer<Batch> createCommitter(CommitterInitContext context) {
    String sink = name;
    return new Committer<>() {
      @Override
      public void commit(Collection<CommitRequest<Batch>> requests) {
        for (CommitRequest<Batch> request : requests) {
          Batch batch = request.getCommittable();
          if (COMMITTED.get(sink).add(batch.id())) {
            RESULTS.get(sink).addAll(batch.records());
            COMMITS.get(sink).incrementAndGet();
          }
        }
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public SimpleVersionedSerializer<Batch> getCommittableSerializer() {
    return new BatchSerializer();
  }

  private static final class Writer implements CommittingSinkWriter<String, Batch> {
    private List<String> pending = new ArrayList<>();

    @Override
    public void write(String element, Context context) {
      pending.add(element);
    }

    @Override
    public void flush(boolean endOfInput) {}

    @Override
    public Collection<Batch> prepareCommit() {
      // An empty batch too: its commit shows that a checkpoint completed.
      Batch batch = new Batch(UUID.randomUUID().toString(), pending);
      pending = new ArrayList<>();
      return List.of(batch);
    }

    @Override
    public void close() {}
  }

  private static final class BatchSerializer implements SimpleVersionedSerializer<Batch> {
    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(Batch batch) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeUTF(batch.id());
        out.writeInt(batch.records().size());
        for (String record : batch.records()) {
          out.writeUTF(record);
        }
      }
      return bytes.toByteArray();
    }

    @Override
    public Batch deserialize(int version, byte[] serialized) throws IOException {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
        String id = in.readUTF();
        int size = in.readInt();
        List<String> records = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          records.add(in.readUTF());
        }
        return new Batch(id, records);
      }
    }
  }
}
