package org.statefun.testkit.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The sink that replaces every egress of a {@link ModuleRun}: transactional, so a record shows only
 * once the checkpoint that covers it completes, and a batch is committed once even when Flink
 * retries the commit after a restore. Output that a failure rolls back never shows: what a run
 * returns is exactly what a read-committed consumer would see. It can also inject one failure.
 *
 * <p>Records stay in this JVM (the MiniCluster runs in it); only batch ids are checkpointed.
 */
final class CapturingSink implements Sink<Object>, SupportsCommitter<String> {

  private static final long serialVersionUID = 1L;
  private static final Map<String, Capture> CAPTURES = new ConcurrentHashMap<>();

  /** What one run captured, shared by its sinks. */
  static final class Capture {
    final long failAfter;
    final AtomicLong written = new AtomicLong();
    final AtomicBoolean failed = new AtomicBoolean();
    final Map<String, List<Object>> staged = new ConcurrentHashMap<>();
    final Map<String, String> stagedEgress = new ConcurrentHashMap<>();
    final Set<String> committedBatches = ConcurrentHashMap.newKeySet();
    final Map<String, ConcurrentLinkedQueue<Object>> committed = new ConcurrentHashMap<>();

    Capture(long failAfter) {
      this.failAfter = failAfter;
    }

    List<Object> committed(String egress) {
      ConcurrentLinkedQueue<Object> records = committed.get(egress);
      return records == null ? List.of() : new ArrayList<>(records);
    }
  }

  /** The failure a run injects. */
  static final class InjectedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedFailure(long records) {
      super("ModuleRun: the failure injected after " + records + " egress records");
    }
  }

  private final String run;
  private final String egress;

  CapturingSink(String run, String egress) {
    this.run = run;
    this.egress = egress;
  }

  /** Starts capturing for {@code run}; {@code failAfter} 0 injects no failure. */
  static Capture start(String run, long failAfter) {
    Capture capture = new Capture(failAfter);
    CAPTURES.put(run, capture);
    return capture;
  }

  static void release(String run) {
    CAPTURES.remove(run);
  }

  private Capture capture() {
    Capture capture = CAPTURES.get(run);
    if (capture == null) {
      throw new IllegalStateException("ModuleRun " + run + " is over (or runs in another JVM)");
    }
    return capture;
  }

  @Override
  public SinkWriter<Object> createWriter(WriterInitContext context) {
    return new Writer(capture(), egress);
  }

  @Override
  public Committer<String> createCommitter(CommitterInitContext context) {
    Capture capture = capture();
    return new Committer<>() {
      @Override
      public void commit(Collection<CommitRequest<String>> requests) {
        for (CommitRequest<String> request : requests) {
          String batch = request.getCommittable();
          List<Object> records = capture.staged.remove(batch);
          if (records != null && capture.committedBatches.add(batch)) {
            capture
                .committed
                .computeIfAbsent(
                    capture.stagedEgress.remove(batch), e -> new ConcurrentLinkedQueue<>())
                .addAll(records);
          }
        }
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public SimpleVersionedSerializer<String> getCommittableSerializer() {
    return new SimpleVersionedSerializer<>() {
      @Override
      public int getVersion() {
        return 1;
      }

      @Override
      public byte[] serialize(String batch) {
        return batch.getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public String deserialize(int version, byte[] serialized) {
        return new String(serialized, StandardCharsets.UTF_8);
      }
    };
  }

  private static final class Writer implements CommittingSinkWriter<Object, String> {
    private final Capture capture;
    private final String egress;
    private List<Object> pending = new ArrayList<>();

    Writer(Capture capture, String egress) {
      this.capture = capture;
      this.egress = egress;
    }

    @Override
    public void write(Object element, Context context) {
      long written = capture.written.incrementAndGet();
      if (capture.failAfter > 0
          && written >= capture.failAfter
          && capture.failed.compareAndSet(false, true)) {
        throw new InjectedFailure(written);
      }
      pending.add(element);
    }

    @Override
    public void flush(boolean endOfInput) {}

    @Override
    public Collection<String> prepareCommit() {
      if (pending.isEmpty()) {
        return List.of();
      }
      String batch = UUID.randomUUID().toString();
      capture.stagedEgress.put(batch, egress);
      capture.staged.put(batch, pending);
      pending = new ArrayList<>();
      return List.of(batch);
    }

    @Override
    public void close() {}
  }
}
