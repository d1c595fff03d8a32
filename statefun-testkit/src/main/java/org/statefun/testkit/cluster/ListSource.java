package org.statefun.testkit.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceEnumerator;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceReader;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded source of the records a test gave, in order: one split, so one reader emits them all
 * and records for the same address keep their order. The records stay in this JVM (the MiniCluster
 * runs in it) and only their position is checkpointed, so they need not be serializable.
 */
final class ListSource implements Source<Object, ListSource.Split, Collection<ListSource.Split>> {

  private static final long serialVersionUID = 1L;
  private static final Map<String, List<?>> RECORDS = new ConcurrentHashMap<>();

  private final String key;

  private ListSource(String key) {
    this.key = key;
  }

  /** A source of {@code records} registered under {@code key} until {@link #release}. */
  static ListSource of(String key, List<?> records) {
    RECORDS.put(key, List.copyOf(records));
    return new ListSource(key);
  }

  static void release(String key) {
    RECORDS.remove(key);
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.BOUNDED;
  }

  @Override
  public SourceReader<Object, Split> createReader(SourceReaderContext context) {
    return new IteratorSourceReader<>(context);
  }

  @Override
  public SplitEnumerator<Split, Collection<Split>> createEnumerator(
      SplitEnumeratorContext<Split> context) {
    return new IteratorSourceEnumerator<>(context, List.of(new Split(key, 0)));
  }

  @Override
  public SplitEnumerator<Split, Collection<Split>> restoreEnumerator(
      SplitEnumeratorContext<Split> context, Collection<Split> checkpoint) {
    return new IteratorSourceEnumerator<>(context, checkpoint);
  }

  @Override
  public SimpleVersionedSerializer<Split> getSplitSerializer() {
    return new SplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<Collection<Split>> getEnumeratorCheckpointSerializer() {
    return new CheckpointSerializer();
  }

  /** The records of {@code key} from {@code position} on. */
  record Split(String key, int position) implements IteratorSourceSplit<Object, Records> {
    @Override
    public String splitId() {
      return "0";
    }

    @Override
    public Records getIterator() {
      List<?> records = RECORDS.get(key);
      if (records == null) {
        throw new IllegalStateException(
            "The test's input " + key + " is gone: a ModuleRun source runs in its own JVM only");
      }
      return new Records(records, position);
    }

    @Override
    public IteratorSourceSplit<Object, Records> getUpdatedSplitForIterator(Records iterator) {
      return new Split(key, iterator.position);
    }
  }

  /** An iterator that knows its position. */
  static final class Records implements Iterator<Object> {
    private final List<?> records;
    private int position;

    Records(List<?> records, int position) {
      this.records = records;
      this.position = position;
    }

    @Override
    public boolean hasNext() {
      return position < records.size();
    }

    @Override
    public Object next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return records.get(position++);
    }
  }

  private static final class SplitSerializer implements SimpleVersionedSerializer<Split> {
    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(Split split) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        write(split, out);
      }
      return bytes.toByteArray();
    }

    @Override
    public Split deserialize(int version, byte[] serialized) throws IOException {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
        return read(in);
      }
    }
  }

  private static final class CheckpointSerializer
      implements SimpleVersionedSerializer<Collection<Split>> {
    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(Collection<Split> splits) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeInt(splits.size());
        for (Split split : splits) {
          write(split, out);
        }
      }
      return bytes.toByteArray();
    }

    @Override
    public Collection<Split> deserialize(int version, byte[] serialized) throws IOException {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
        int size = in.readInt();
        List<Split> splits = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          splits.add(read(in));
        }
        return splits;
      }
    }
  }

  private static void write(Split split, DataOutputStream out) throws IOException {
    out.writeUTF(split.key());
    out.writeInt(split.position());
  }

  private static Split read(DataInputStream in) throws IOException {
    return new Split(in.readUTF(), in.readInt());
  }
}
