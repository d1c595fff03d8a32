package org.statefun.loader.io;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;

/** Factories for the built-in ingress sources. */
public final class BuiltinSources {
  private BuiltinSources() {}

  /**
   * The longs {@code from} to {@code to}, both inclusive, as fast as possible or at most {@code
   * ratePerSecond} records per second over all parallel instances. Bounded.
   *
   * @throws IllegalArgumentException when {@code to < from} or the rate is not positive
   */
  public static Source<Long, ?, ?> sequence(long from, long to, OptionalDouble ratePerSecond) {
    if (to < from) {
      throw new IllegalArgumentException(
          "Sequence 'to' (" + to + ") is below 'from' (" + from + ")");
    }
    if (ratePerSecond.isEmpty()) {
      return new NumberSequenceSource(from, to);
    }
    double rate = ratePerSecond.getAsDouble();
    if (!(rate > 0)) {
      throw new IllegalArgumentException("Sequence rate must be positive, got " + rate);
    }
    return new DataGeneratorSource<>(
        new Offset(from), to - from + 1, RateLimiterStrategy.perSecond(rate), Types.LONG);
  }

  /**
   * Every line of the file at {@code path}, or of every file below the directory at {@code path}
   * (files whose names start with {@code .} or {@code _} are skipped). Bounded, unless {@code
   * watch} is given: then the path is checked for new files at that interval, forever.
   */
  public static Source<String, ?, ?> textLines(String path, Optional<Duration> watch) {
    return files(new TextLineInputFormat(), path, watch);
  }

  /**
   * Every non-blank line of the file (or files below the directory) at {@code path}, each one JSON
   * value bound to {@code type} (a record, a bean, or {@code Map} for plain maps). Bounded unless
   * {@code watch} is given.
   */
  public static <T> Source<T, ?, ?> jsonLines(
      String path, Class<T> type, Optional<Duration> watch) {
    return files(new JsonLinesFormat<>(type), path, watch);
  }

  private static <T> Source<T, ?, ?> files(
      StreamFormat<T> format, String path, Optional<Duration> watch) {
    Objects.requireNonNull(path, "path");
    FileSource.FileSourceBuilder<T> builder =
        FileSource.forRecordStreamFormat(format, new Path(path));
    watch.ifPresent(builder::monitorContinuously);
    return builder.build();
  }

  /** Maps the generator's index to {@code from + index}. */
  private record Offset(long from) implements GeneratorFunction<Long, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Long map(Long index) {
      return from + index;
    }
  }
}
