package org.statefun.loader.io;

import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/** Factories for the built-in egress sinks. */
public final class BuiltinSinks {
  private BuiltinSinks() {}

  /** One line per message on stdout: {@code prefix + message}. */
  public static <T> Sink<T> stdout(String prefix) {
    return new StdoutSink<>(prefix);
  }

  /**
   * One line per message ({@code toString()}, UTF-8) into part files {@code part-<uuid>-<n>.txt}
   * directly in the directory {@code path}. Flink's FileSink makes this exactly-once: a part file
   * becomes visible (loses its leading dot and {@code .inprogress} suffix) on the checkpoint after
   * it was written, or when the job finishes; files of a failed attempt are never made visible.
   */
  public static <T> Sink<T> lineFiles(String path) {
    return FileSink.<T>forRowFormat(new Path(path), new SimpleStringEncoder<>())
        .withBucketAssigner(new BasePathBucketAssigner<>())
        .withRollingPolicy(OnCheckpointRollingPolicy.build())
        .withOutputFileConfig(
            OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".txt").build())
        .build();
  }
}
