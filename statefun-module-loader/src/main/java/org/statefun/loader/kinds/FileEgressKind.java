package org.statefun.loader.kinds;

import com.google.auto.service.AutoService;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.loader.io.BuiltinSinks;
import org.statefun.loader.spi.ComponentId;
import org.statefun.loader.spi.EgressKind;
import org.statefun.loader.spi.SpecReader;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.EgressSpec;

/**
 * {@code kind: file} — one line per message into part files in the directory {@code path}, exactly
 * once through Flink's FileSink. A local {@code path} that exists as a file is a problem: the sink
 * would fail only when the job runs, blaming the function that sent the message.
 */
@AutoService(EgressKind.class)
public final class FileEgressKind implements EgressKind {

  @Override
  public String kind() {
    return "file";
  }

  @Override
  public List<String> specKeys() {
    return List.of("path");
  }

  @Override
  public EgressSpec<?> create(ComponentId id, SpecReader spec) {
    Optional<String> path = spec.requiredPath("path", false);
    path.flatMap(FileEgressKind::localPath)
        .filter(p -> Files.exists(p) && !Files.isDirectory(p))
        .ifPresent(
            p ->
                spec.problem(
                    "path",
                    "'"
                        + spec.name("path")
                        + "' names "
                        + p
                        + ", which is a file; the file egress writes part files into a directory:"
                        + " name a directory (it is created when missing)"));
    spec.requireValid();
    return new SinkEgressSpec<>(
        new EgressIdentifier<>(Object.class, id.namespace(), id.name()),
        BuiltinSinks.lineFiles(path.get()));
  }

  /** The local path of a resolved path or {@code file:} URI; empty for other file systems. */
  private static Optional<Path> localPath(String path) {
    if (!path.contains("://")) {
      return Optional.of(Path.of(path));
    }
    try {
      URI uri = new URI(path);
      return "file".equals(uri.getScheme()) ? Optional.of(Path.of(uri)) : Optional.empty();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty(); // Flink reports a malformed URI when the sink starts
    }
  }
}
