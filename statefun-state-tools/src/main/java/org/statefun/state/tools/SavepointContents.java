package org.statefun.state.tools;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.state.IncrementalKeyedStateHandle;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedBackendSerializationProxy;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.runtime.state.metainfo.StateMetaInfoSnapshot;
import org.apache.flink.state.api.OperatorIdentifier;
import org.statefun.core.feedback.LoggedMessages;
import org.statefun.core.translation.OperatorUids;

/**
 * What a savepoint or checkpoint directory holds for the functions operator, read from its {@code
 * _metadata}: parallelism, max parallelism and the names of the keyed states stored.
 *
 * @param directory the directory holding {@code _metadata}
 * @param parallelism the functions operator's parallelism when the snapshot was taken
 * @param maxParallelism its max parallelism (key groups)
 * @param stateNames the Flink names of its keyed states (functions' states are {@code
 *     namespace.name.state}); empty when they could not be read
 * @param loopMessages per subtask of the loop's head, the messages logged in flight on the feedback
 *     loop; empty when they could not be read
 */
public record SavepointContents(
    Path directory,
    int parallelism,
    int maxParallelism,
    Set<String> stateNames,
    Map<Integer, Long> loopMessages) {

  private static final String METADATA = "_metadata";

  /**
   * Reads the metadata of the savepoint or checkpoint at {@code path} (its directory or its {@code
   * _metadata} file).
   *
   * @throws StateToolException when {@code path} is not a savepoint or checkpoint of a statefun job
   */
  public static SavepointContents read(Path path, ClassLoader classLoader) {
    Path directory =
        path.getFileName() != null && path.getFileName().toString().equals(METADATA)
            ? path.getParent()
            : path;
    if (!Files.isDirectory(directory)) {
      throw StateToolException.problem(
          "statefun state: " + path + " is not a savepoint or checkpoint: no such directory");
    }
    Path metadata = directory.resolve(METADATA);
    if (!Files.isRegularFile(metadata)) {
      throw StateToolException.problem(
          "statefun state: "
              + path
              + " is not a savepoint or checkpoint: it has no _metadata file (local runs keep"
              + " savepoints in <state dir>/savepoints/savepoint-*, checkpoints in"
              + " <state dir>/<job id>/chk-*)");
    }
    CheckpointMetadata loaded;
    try (DataInputStream in = new DataInputStream(Files.newInputStream(metadata))) {
      loaded = Checkpoints.loadCheckpointMetadata(in, classLoader, directory.toString());
    } catch (IOException | RuntimeException e) {
      throw StateToolException.problem(
          "statefun state: "
              + path
              + " is not a savepoint or checkpoint: its _metadata cannot be read ("
              + e
              + ")");
    }
    OperatorID functions = OperatorIdentifier.forUid(OperatorUids.FUNCTIONS).getOperatorId();
    OperatorState state =
        loaded.getOperatorStates().stream()
            .filter(s -> s.getOperatorID().equals(functions))
            .findFirst()
            .orElseThrow(
                () ->
                    StateToolException.problem(
                        "statefun state: "
                            + path
                            + " is not a savepoint or checkpoint of a statefun job: it has no"
                            + " state of the functions operator ("
                            + OperatorUids.FUNCTIONS
                            + ")"));
    boolean incremental =
        state.getStates().stream()
            .flatMap(s -> s.getManagedKeyedState().stream())
            .anyMatch(h -> h instanceof IncrementalKeyedStateHandle);
    if (incremental) {
      throw StateToolException.problem(
          "statefun state: "
              + path
              + " is an incremental checkpoint of the RocksDB state backend, which statefun state"
              + " cannot read; read a savepoint instead (Ctrl-C stops a local run with one)");
    }
    OperatorID head = OperatorIdentifier.forUid(OperatorUids.HEAD).getOperatorId();
    Map<Integer, Long> loopMessages =
        loaded.getOperatorStates().stream()
            .filter(s -> s.getOperatorID().equals(head))
            .findFirst()
            .map(SavepointContents::loopMessages)
            .orElse(Map.of());
    return new SavepointContents(
        directory,
        state.getParallelism(),
        state.getMaxParallelism(),
        stateNames(state, classLoader),
        loopMessages);
  }

  /** Per subtask of the head, the messages its raw keyed state logged; empty if unreadable. */
  private static Map<Integer, Long> loopMessages(OperatorState head) {
    Map<Integer, Long> counts = new TreeMap<>();
    try {
      for (Map.Entry<Integer, OperatorSubtaskState> subtask : head.getSubtaskStates().entrySet()) {
        long count = 0;
        for (KeyedStateHandle handle : subtask.getValue().getRawKeyedState()) {
          if (!(handle instanceof KeyGroupsStateHandle groups)) {
            continue;
          }
          try (FSDataInputStream in = groups.openInputStream()) {
            for (Tuple2<Integer, Long> group : groups.getGroupRangeOffsets()) {
              in.seek(group.f1);
              count += LoggedMessages.count(in);
            }
          }
        }
        counts.put(subtask.getKey(), count);
      }
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    return counts;
  }

  /** The names of the keyed states in the snapshot's keyed state handles; empty if unreadable. */
  private static Set<String> stateNames(OperatorState state, ClassLoader classLoader) {
    Set<String> names = new TreeSet<>();
    try {
      for (OperatorSubtaskState subtask : state.getStates()) {
        for (KeyedStateHandle handle : subtask.getManagedKeyedState()) {
          StreamStateHandle stream =
              handle instanceof KeyGroupsStateHandle groups
                  ? groups
                  : handle instanceof IncrementalKeyedStateHandle incremental
                      ? incremental.getMetaDataStateHandle()
                      : null;
          if (stream == null) {
            continue;
          }
          try (InputStream in = stream.openInputStream()) {
            KeyedBackendSerializationProxy<?> proxy =
                new KeyedBackendSerializationProxy<>(classLoader);
            proxy.read(new DataInputViewStreamWrapper(in));
            for (StateMetaInfoSnapshot info : proxy.getStateMetaInfoSnapshots()) {
              names.add(info.getName());
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return Set.of();
    }
    return names;
  }
}
