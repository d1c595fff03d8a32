package org.statefun.benchmarks.relay;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.runtime.state.CheckpointStorageFactory;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;

/**
 * Flink's default checkpoint storage (snapshots in the JobManager's heap) with room for more state:
 * its default limit, 5 MiB per operator subtask, is exceeded at {@code -Dbench.ids=1000000} (a
 * subtask of the plain job snapshots 6.5 MB there). Named by class in {@code
 * execution.checkpointing.storage}, so that every run keeps the same kind of storage and only the
 * limit moves; a run that fitted the old limit checkpoints exactly as before.
 */
public final class HeapCheckpointStorage
    implements CheckpointStorageFactory<JobManagerCheckpointStorage> {

  static final int MAX_STATE_BYTES = 256 * 1024 * 1024;

  @Override
  public JobManagerCheckpointStorage createFromConfig(ReadableConfig config, ClassLoader loader) {
    return new JobManagerCheckpointStorage(MAX_STATE_BYTES);
  }
}
